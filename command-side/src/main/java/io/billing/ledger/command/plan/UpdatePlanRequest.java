package io.billing.ledger.command.plan;

import io.billing.ledger.command.web.Metadata;
import io.billing.ledger.command.web.MultilineText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * The editable fields of a plan. The price fields are listed only to refuse them with a
 * clear message: a new price is a new plan.
 */
public record UpdatePlanRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 500) @MultilineText String description,
        @PositiveOrZero @Max(730) Integer trialPeriodDays,
        @Metadata Map<String, Object> metadata,
        @Null(message = PRICE_IS_IMMUTABLE) Long amountCents, // typed, so the contract documents an integer
        @Null(message = PRICE_IS_IMMUTABLE) Object currency,
        @Null(message = PRICE_IS_IMMUTABLE) Object pricingModel,
        @Null(message = PRICE_IS_IMMUTABLE) Object billingInterval) {

    static final String PRICE_IS_IMMUTABLE = "prices are immutable; create a new plan for a new price";
}
