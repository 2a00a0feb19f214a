package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;

/** Billing goes on; when the paused period had ended meanwhile, a new (partial) period starts at the resume. */
public record SubscriptionResumed(String subscriptionId, Instant resumedAt, BillingPeriod currentPeriod) {
}
