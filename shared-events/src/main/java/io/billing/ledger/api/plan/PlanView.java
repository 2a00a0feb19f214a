package io.billing.ledger.api.plan;

import java.time.Instant;
import java.util.Map;

/** A plan as the API shows it. {@code version} is the sequence number of the last event applied. */
public record PlanView(String id,
                       String name,
                       String description,
                       PricingModel pricingModel,
                       long amountCents,
                       String currency,
                       BillingInterval billingInterval,
                       int trialPeriodDays,
                       PlanStatus status,
                       Map<String, Object> metadata,
                       Instant createdAt,
                       Instant updatedAt,
                       long version) {
}
