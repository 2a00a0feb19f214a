package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A payment of the invoice waits for the customer to authenticate; the invoice stays open. */
public record RecordInvoicePaymentActionRequired(@TargetAggregateIdentifier String invoiceId,
                                                 String paymentId,
                                                 String nextActionUrl,
                                                 java.time.Instant at) {
}
