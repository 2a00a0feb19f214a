package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;

/** The trial is over; the first paid period (possibly partial) begins. */
public record TrialEnded(String subscriptionId, BillingPeriod trial, BillingPeriod firstPeriod) {
}
