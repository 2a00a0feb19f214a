package io.billing.ledger.api.plan;

import io.billing.ledger.api.money.Money;

import java.util.Map;

public record PlanCreated(String planId,
                          String name,
                          String description,
                          PricingModel pricingModel,
                          Money price,
                          BillingInterval billingInterval,
                          int trialPeriodDays,
                          Map<String, Object> metadata) {
}
