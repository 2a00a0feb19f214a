package io.billing.ledger.command.invoice;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.command.web.Metadata;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Map;

public record CreateInvoiceRequest(
        @NotNull @Pattern(regexp = Ids.SUBSCRIPTION_ID, message = "must be a subscription id (sub_…)")
        String subscriptionId,
        @Metadata Map<String, Object> metadata) {
}
