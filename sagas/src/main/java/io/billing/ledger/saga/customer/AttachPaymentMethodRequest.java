package io.billing.ledger.saga.customer;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code default} (true when left out) makes the payment method the one invoices are charged to. */
public record AttachPaymentMethodRequest(
        @NotNull @Pattern(regexp = "^pm_[A-Za-z0-9_]{1,200}$", message = "must be a payment method id (pm_…)")
        String paymentMethodId,
        @JsonProperty("default") Boolean makeDefault) {
}
