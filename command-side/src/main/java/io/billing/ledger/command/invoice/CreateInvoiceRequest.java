package io.billing.ledger.command.invoice;

import io.billing.ledger.api.common.Ids;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record CreateInvoiceRequest(
        @NotNull @Pattern(regexp = Ids.SUBSCRIPTION_ID, message = "must be a subscription id (sub_…)")
        String subscriptionId) {
}
