package io.billing.ledger.api.invoice;

import io.billing.ledger.api.payment.FailureKind;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A payment of the invoice failed; the invoice stays open. Recording the same payment twice changes nothing. */
public record RecordInvoicePaymentFailure(@TargetAggregateIdentifier String invoiceId,
                                          String paymentId,
                                          String failureCode,
                                          String declineCode,
                                          FailureKind failureKind,
                                          java.time.Instant at) {
}
