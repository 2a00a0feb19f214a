package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/** A charge attempt of an invoice began: the payment is {@code pending}. */
public record PaymentAttemptStarted(String paymentId,
                                    String invoiceId,
                                    String customerId,
                                    Money amount,
                                    int attempt,
                                    String paymentMethodId,
                                    String testClockId,
                                    Instant startedAt) {
}
