package io.billing.ledger.command.plan;

import io.billing.ledger.command.web.Metadata;
import io.billing.ledger.command.web.MultilineText;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.command.web.IsoCurrency;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.Map;

public record CreatePlanRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 500) @MultilineText String description,
        @NotNull PricingModel pricingModel,
        @NotNull @PositiveOrZero @Max(MAX_AMOUNT_CENTS) Long amountCents,
        @IsoCurrency String currency,
        @NotNull BillingInterval billingInterval,
        @PositiveOrZero @Max(730) Integer trialPeriodDays,
        @Metadata Map<String, Object> metadata) {

    /** One trillion minor units: far above any real price, far below where arithmetic could overflow. */
    public static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;
}
