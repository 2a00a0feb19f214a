package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/**
 * The number of seats changed within the period; the proration lines are computed here, and
 * {@code chargedPeriodFee} is the fee for the whole period at the terms charged after the change.
 * With {@code always_invoice} the update invoice takes the lines pending before it with it
 * ({@code invoicedProrations}; null on events recorded before they were carried).
 */
public record SubscriptionQuantityChanged(String subscriptionId,
                                          long fromQuantity,
                                          long toQuantity,
                                          ProrationBehavior prorationBehavior,
                                          List<ProrationLine> prorationLines,
                                          Instant changedAt,
                                          Money chargedPeriodFee,
                                          List<ProrationLine> invoicedProrations) {

    public SubscriptionQuantityChanged(String subscriptionId, long fromQuantity, long toQuantity,
                                       ProrationBehavior prorationBehavior, List<ProrationLine> prorationLines,
                                       Instant changedAt, Money chargedPeriodFee) {
        this(subscriptionId, fromQuantity, toQuantity, prorationBehavior, prorationLines, changedAt,
                chargedPeriodFee, List.of());
    }

    /** As recorded before {@code chargedPeriodFee} was carried. */
    public SubscriptionQuantityChanged(String subscriptionId, long fromQuantity, long toQuantity,
                                       ProrationBehavior prorationBehavior, List<ProrationLine> prorationLines,
                                       Instant changedAt) {
        this(subscriptionId, fromQuantity, toQuantity, prorationBehavior, prorationLines, changedAt, null, null);
    }
}
