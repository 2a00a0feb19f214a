package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;

/**
 * Billing goes on; when the paused period had ended meanwhile, a new (partial) period starts at the
 * resume and is charged {@code periodFee} in advance (zero when the period is kept).
 */
public record SubscriptionResumed(String subscriptionId, Instant resumedAt, BillingPeriod currentPeriod,
                                  Money periodFee) {

    /** As recorded before {@code periodFee} was carried. */
    public SubscriptionResumed(String subscriptionId, Instant resumedAt, BillingPeriod currentPeriod) {
        this(subscriptionId, resumedAt, currentPeriod, null);
    }
}
