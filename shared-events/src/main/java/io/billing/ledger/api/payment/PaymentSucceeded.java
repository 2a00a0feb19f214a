package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/** The money was collected (webhook type {@code payment.succeeded}). */
public record PaymentSucceeded(String paymentId,
                               String invoiceId,
                               String customerId,
                               Money amount,
                               String paymentIntentId,
                               Instant succeededAt) {
}
