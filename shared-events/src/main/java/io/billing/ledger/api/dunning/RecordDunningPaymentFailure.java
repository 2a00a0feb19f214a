package io.billing.ledger.api.dunning;

import io.billing.ledger.api.payment.FailureKind;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A charge of the invoice failed (sent by the dunning process for each {@code InvoicePaymentFailed}):
 * opens the case on the first failure, else is the outcome of the retry in flight. {@code nextActionUrl}:
 * the last authentication link of the invoice, if any. Never refuses: the process sends it in its own
 * transaction.
 */
public record RecordDunningPaymentFailure(@TargetAggregateIdentifier String dunningId,
                                          String invoiceId,
                                          String subscriptionId,
                                          String customerId,
                                          String testClockId,
                                          String paymentId,
                                          String failureCode,
                                          String declineCode,
                                          FailureKind failureKind,
                                          String nextActionUrl,
                                          Instant failedAt) {
}
