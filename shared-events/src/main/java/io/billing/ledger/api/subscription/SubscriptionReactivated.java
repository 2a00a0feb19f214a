package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;

/** Back to active with the periods it had. */
public record SubscriptionReactivated(String subscriptionId, Instant reactivatedAt, BillingPeriod currentPeriod) {
}
