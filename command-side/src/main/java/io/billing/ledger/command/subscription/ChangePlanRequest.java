package io.billing.ledger.command.subscription;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.subscription.ProrationBehavior;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record ChangePlanRequest(
        @NotNull @Pattern(regexp = Ids.PLAN_ID, message = "must be a plan id (plan_…)") String planId,
        @Min(1) @Max(1_000_000) Long quantity,
        ProrationBehavior prorationBehavior) {
}
