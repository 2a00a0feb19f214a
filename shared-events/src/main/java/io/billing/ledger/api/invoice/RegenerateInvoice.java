package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Drafts a replacement for a voided invoice under {@code newInvoiceId}: its chargeable lines, its period. */
public record RegenerateInvoice(@TargetAggregateIdentifier String invoiceId, String newInvoiceId) {
}
