package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;

import java.time.Instant;
import java.util.List;

/**
 * The subscription moved to another plan (and perhaps quantity) at {@code changedAt}. The
 * proration lines were computed once, here, so nothing downstream recomputes them. Within
 * the same interval the period is kept; across intervals a new period starts at the change
 * and {@code anchorStart}/{@code billingAnchorDay} describe the new calendar.
 * {@code chargedPeriodFee} is, after the change, the fee for the whole current period at the
 * terms actually charged: a later credit for unused time is a share of it. With
 * {@code always_invoice}, the update invoice takes the lines pending before the change with it
 * ({@code invoicedProrations}; null on events recorded before they were carried).
 */
public record SubscriptionPlanChanged(String subscriptionId,
                                      String fromPlanId,
                                      String toPlanId,
                                      PricingModel pricingModel,
                                      Money unitPrice,
                                      BillingInterval billingInterval,
                                      long fromQuantity,
                                      long toQuantity,
                                      ProrationBehavior prorationBehavior,
                                      List<ProrationLine> prorationLines,
                                      Instant changedAt,
                                      BillingPeriod currentPeriod,
                                      int billingAnchorDay,
                                      Instant anchorStart,
                                      Money chargedPeriodFee,
                                      List<ProrationLine> invoicedProrations) {

    public SubscriptionPlanChanged(String subscriptionId, String fromPlanId, String toPlanId,
                                   PricingModel pricingModel, Money unitPrice, BillingInterval billingInterval,
                                   long fromQuantity, long toQuantity, ProrationBehavior prorationBehavior,
                                   List<ProrationLine> prorationLines, Instant changedAt,
                                   BillingPeriod currentPeriod, int billingAnchorDay, Instant anchorStart,
                                   Money chargedPeriodFee) {
        this(subscriptionId, fromPlanId, toPlanId, pricingModel, unitPrice, billingInterval, fromQuantity,
                toQuantity, prorationBehavior, prorationLines, changedAt, currentPeriod, billingAnchorDay,
                anchorStart, chargedPeriodFee, List.of());
    }

    /** As recorded before {@code chargedPeriodFee} was carried. */
    public SubscriptionPlanChanged(String subscriptionId, String fromPlanId, String toPlanId,
                                   PricingModel pricingModel, Money unitPrice, BillingInterval billingInterval,
                                   long fromQuantity, long toQuantity, ProrationBehavior prorationBehavior,
                                   List<ProrationLine> prorationLines, Instant changedAt,
                                   BillingPeriod currentPeriod, int billingAnchorDay, Instant anchorStart) {
        this(subscriptionId, fromPlanId, toPlanId, pricingModel, unitPrice, billingInterval, fromQuantity,
                toQuantity, prorationBehavior, prorationLines, changedAt, currentPeriod, billingAnchorDay,
                anchorStart, null, null);
    }
}
