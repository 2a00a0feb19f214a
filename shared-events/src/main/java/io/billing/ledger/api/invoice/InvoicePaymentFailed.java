package io.billing.ledger.api.invoice;

import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;

/** A charge of the open invoice failed ({@code attemptCount} attempts so far); dunning starts from it. */
public record InvoicePaymentFailed(String invoiceId,
                                   String paymentId,
                                   String failureCode,
                                   String declineCode,
                                   FailureKind failureKind,
                                   int attemptCount,
                                   Instant at) {
}
