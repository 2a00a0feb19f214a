package io.billing.ledger.api.payment;

import java.time.Instant;

/**
 * The dispute ended: {@code won} gives the payment back its status before the dispute,
 * {@code lost} leaves it {@code disputed} (the money went back to the customer's bank).
 */
public record PaymentDisputeClosed(String paymentId,
                                   String invoiceId,
                                   String disputeId,
                                   String outcome,
                                   PaymentStatus status,
                                   Instant closedAt) {
}
