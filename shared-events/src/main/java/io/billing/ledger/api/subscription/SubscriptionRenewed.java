package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;

import java.util.List;
import io.billing.ledger.api.money.BillingPeriod;

/**
 * A new period began, charged {@code periodFee} in advance (zero on a per-unit plan); the
 * renewal invoice takes the pending proration lines {@code invoicedProrations} with it.
 * Both are null on events recorded before they were carried (then every pending line went).
 */
public record SubscriptionRenewed(String subscriptionId, BillingPeriod endedPeriod, BillingPeriod newPeriod,
                                  Money periodFee, List<ProrationLine> invoicedProrations) {

    /** As recorded before {@code periodFee} was carried. */
    public SubscriptionRenewed(String subscriptionId, BillingPeriod endedPeriod, BillingPeriod newPeriod) {
        this(subscriptionId, endedPeriod, newPeriod, null, null);
    }

    public SubscriptionRenewed(String subscriptionId, BillingPeriod endedPeriod, BillingPeriod newPeriod,
                               Money periodFee) {
        this(subscriptionId, endedPeriod, newPeriod, periodFee, List.of());
    }
}
