package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * Money went back to the customer (webhook type {@code payment.refunded}): {@code amount} by this
 * refund, {@code amountRefunded} by all of them so far; {@code fullyRefunded} when nothing is left.
 */
public record PaymentRefunded(String paymentId,
                              String invoiceId,
                              String refundId,
                              Money amount,
                              Money amountRefunded,
                              String reason,
                              boolean fullyRefunded,
                              Instant refundedAt) {
}
