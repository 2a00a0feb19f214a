package io.billing.ledger.api.webhook;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types a webhook subscription may ask for (the seed's fourteen and ours), and
 * {@code *} for all of them. Which domain event becomes which type is decided in one place on
 * the delivery side ({@code saga.webhook.WebhookEventMapping}); a type listed here may not be
 * emitted yet (docs/webhooks.md says which).
 */
public final class WebhookEventTypes {

    public static final String ALL_TYPES = "*";
    public static final String TEST = "webhook.test";

    public static final List<String> KNOWN = List.of(
            "subscription.created", "subscription.updated", "subscription.canceled", "subscription.reactivated",
            "invoice.created", "invoice.finalized", "invoice.paid", "invoice.voided",
            "payment.succeeded", "payment.failed",
            "dunning.started", "dunning.retry_scheduled", "dunning.escalated", "dunning.resolved",
            "invoice.payment_action_required", "invoice.marked_uncollectible",
            "payment.refunded", "payment.disputed",
            "customer.created", "customer.updated",
            "plan.created", "plan.updated", "plan.archived",
            "credit_note.issued",
            "webhook_endpoint.disabled",
            TEST);

    private static final Set<String> KNOWN_SET = Set.copyOf(KNOWN);

    private WebhookEventTypes() {
    }

    public static boolean isKnown(String type) {
        return KNOWN_SET.contains(type);
    }

    /** The types a subscription asks for, each once, in a stable order ({@code *} stands alone). */
    public static List<String> normalized(Collection<String> types) {
        if (types.contains(ALL_TYPES)) {
            return List.of(ALL_TYPES);
        }
        return List.copyOf(new TreeSet<>(types));
    }

    public static boolean matches(Collection<String> subscribed, String type) {
        return subscribed.contains(ALL_TYPES) || subscribed.contains(type);
    }
}
