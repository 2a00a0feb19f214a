package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/** A dispute was opened on the charge (webhook type {@code payment.disputed}); the invoice stays paid. */
public record PaymentDisputed(String paymentId,
                              String invoiceId,
                              String disputeId,
                              Money amount,
                              String reason,
                              Instant disputedAt) {
}
