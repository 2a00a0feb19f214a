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
                                      Instant anchorStart) {
}
