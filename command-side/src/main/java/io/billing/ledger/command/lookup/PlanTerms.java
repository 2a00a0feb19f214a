package io.billing.ledger.command.lookup;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;

/** What a subscription needs to know of a plan: its price, interval, trial, and whether it is still sold. */
public record PlanTerms(String planId, PlanStatus status, PricingModel pricingModel, Money unitPrice,
                        BillingInterval billingInterval, int trialPeriodDays) {
}
