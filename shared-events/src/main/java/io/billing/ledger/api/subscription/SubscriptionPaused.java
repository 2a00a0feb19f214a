package io.billing.ledger.api.subscription;

import java.time.Instant;

/** Billing stops: no renewal happens while paused. */
public record SubscriptionPaused(String subscriptionId, Instant pausedAt) {
}
