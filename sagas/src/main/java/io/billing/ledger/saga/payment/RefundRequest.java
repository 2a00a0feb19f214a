package io.billing.ledger.saga.payment;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** {@code amountCents} left out: all that is left. {@code reason}: Stripe's refund reasons. */
public record RefundRequest(@Positive Long amountCents,
                            @Pattern(regexp = "requested_by_customer|duplicate|fraudulent") String reason) {
}
