package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;

public record SubscriptionRenewed(String subscriptionId, BillingPeriod endedPeriod, BillingPeriod newPeriod) {
}
