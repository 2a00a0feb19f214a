package io.billing.ledger.api.subscription;

import java.time.Instant;

/** The subscription as it was at {@code asOf}, rebuilt from its events recorded until then. */
public record FindSubscriptionAsOf(String subscriptionId, Instant asOf) {
}
