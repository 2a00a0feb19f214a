package io.billing.ledger.api.subscription;

import java.time.Instant;

/**
 * Billing stops: no renewal happens while paused. {@code forInvoice}: paused by dunning for that
 * unpaid invoice (its payment resumes the subscription), null when paused on request.
 */
public record SubscriptionPaused(String subscriptionId, Instant pausedAt, String forInvoice) {

    public SubscriptionPaused(String subscriptionId, Instant pausedAt) {
        this(subscriptionId, pausedAt, null);
    }
}
