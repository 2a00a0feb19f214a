package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.BillingPeriod;

/** The trial is over; the first paid period (possibly partial) begins, charged {@code periodFee} in advance. */
public record TrialEnded(String subscriptionId, BillingPeriod trial, BillingPeriod firstPeriod, Money periodFee) {

    /** As recorded before {@code periodFee} was carried. */
    public TrialEnded(String subscriptionId, BillingPeriod trial, BillingPeriod firstPeriod) {
        this(subscriptionId, trial, firstPeriod, null);
    }
}
