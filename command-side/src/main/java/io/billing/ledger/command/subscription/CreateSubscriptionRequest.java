package io.billing.ledger.command.subscription;

import io.billing.ledger.command.web.Metadata;
import io.billing.ledger.api.common.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

public record CreateSubscriptionRequest(
        @NotNull @Pattern(regexp = Ids.CUSTOMER_ID, message = "must be a customer id (cust_…)") String customerId,
        @NotNull @Pattern(regexp = Ids.PLAN_ID, message = "must be a plan id (plan_…)") String planId,
        @Min(1) @Max(28) Integer billingAnchorDay,
        @Min(1) @Max(1_000_000) Long quantity,
        @Metadata Map<String, Object> metadata) {
}
