package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/**
 * Back to active with the periods it had. When the cancel it undoes credited the unused time,
 * the rest of the period is charged again: {@code prorationLines} holds that
 * {@code proration_debit} for {@code [reactivatedAt, period end)} (pending for the next invoice,
 * as {@code create_prorations}), and {@code chargedPeriodFee} is the period's fee charged again
 * (DESIGN §4: a credit is never more than what was charged). Both are null on events recorded
 * before they were carried, and empty / null when nothing was credited.
 */
public record SubscriptionReactivated(String subscriptionId,
                                      Instant reactivatedAt,
                                      BillingPeriod currentPeriod,
                                      List<ProrationLine> prorationLines,
                                      Money chargedPeriodFee) {

    public SubscriptionReactivated(String subscriptionId, Instant reactivatedAt, BillingPeriod currentPeriod) {
        this(subscriptionId, reactivatedAt, currentPeriod, List.of(), null);
    }
}
