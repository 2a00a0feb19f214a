package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.SubscriptionStatus;

/**
 * What one subscription contributes to MRR, folded from its events: the terms it is billed at, its
 * status and, for a per-unit plan, the usage amount of its last closed period. Only an active or
 * past-due subscription counts (docs/metrics.md, "MRR").
 */
public record SubscriptionRevenue(String subscriptionId,
                                  String customerId,
                                  String currency,
                                  SubscriptionStatus status,
                                  PricingModel pricingModel,
                                  long unitPriceCents,
                                  BillingInterval interval,
                                  long quantity,
                                  long meteredCents) {

    /** The subscription's monthly recurring revenue, in minor units of its currency. */
    public long mrrCents() {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.PAST_DUE) {
            return 0;
        }
        long periodAmount = pricingModel == PricingModel.PER_UNIT ? meteredCents
                : Math.multiplyExact(unitPriceCents, quantity);
        return MonthlyRevenue.of(periodAmount, interval);
    }

    public SubscriptionRevenue withStatus(SubscriptionStatus newStatus) {
        return new SubscriptionRevenue(subscriptionId, customerId, currency, newStatus, pricingModel, unitPriceCents,
                interval, quantity, meteredCents);
    }

    public SubscriptionRevenue withQuantity(long newQuantity) {
        return new SubscriptionRevenue(subscriptionId, customerId, currency, status, pricingModel, unitPriceCents,
                interval, newQuantity, meteredCents);
    }

    /** Another plan: the usage of the old plan's closed period does not describe the new one, so it is forgotten. */
    public SubscriptionRevenue withPlan(PricingModel newModel, long newUnitPriceCents, BillingInterval newInterval,
                                        long newQuantity) {
        return new SubscriptionRevenue(subscriptionId, customerId, currency, status, newModel, newUnitPriceCents,
                newInterval, newQuantity, 0);
    }

    public SubscriptionRevenue withMetered(long usageAmountCents) {
        return new SubscriptionRevenue(subscriptionId, customerId, currency, status, pricingModel, unitPriceCents,
                interval, quantity, usageAmountCents);
    }
}
