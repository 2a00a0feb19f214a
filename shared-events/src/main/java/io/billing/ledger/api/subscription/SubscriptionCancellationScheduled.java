package io.billing.ledger.api.subscription;

import java.time.Instant;

public record SubscriptionCancellationScheduled(String subscriptionId, Instant cancelAt, Instant requestedAt) {
}
