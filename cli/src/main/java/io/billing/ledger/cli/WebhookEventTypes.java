package io.billing.ledger.cli;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event types a webhook can subscribe to, as tab-completion candidates for {@code --event-type}
 * and {@code --type}. Only offered, never checked: the server validates the list, so a type it
 * adds works from this CLI before the CLI learns its name.
 */
final class WebhookEventTypes implements Iterable<String> {

    static final List<String> ALL = List.of(
            "subscription.created", "subscription.updated", "subscription.canceled", "subscription.reactivated",
            "invoice.created", "invoice.finalized", "invoice.paid", "invoice.voided",
            "payment.succeeded", "payment.failed",
            "dunning.started", "dunning.retry_scheduled", "dunning.escalated", "dunning.resolved",
            "invoice.payment_action_required", "invoice.marked_uncollectible",
            "payment.refunded", "payment.disputed",
            "customer.created", "customer.updated",
            "plan.created", "plan.updated", "plan.archived",
            "credit_note.issued", "webhook.test");

    /** Every event type, present and future. Unquoted, the shell expands * into file names: hence --all-events. */
    static final String WILDCARD = "*";

    /** The named types, then the wildcard; the generated completion script escapes it to \*, as it must be typed. */
    @Override
    public Iterator<String> iterator() {
        return Stream.concat(ALL.stream(), Stream.of(WILDCARD)).iterator();
    }

    /** Without the wildcard: a delivery has one real type, so filtering the log on * means nothing. */
    static final class Named implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ALL.iterator();
        }
    }
}
