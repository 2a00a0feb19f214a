package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Finalizes a draft: its number is assigned and its period takes no more usage. Idempotent. */
public record FinalizeInvoice(@TargetAggregateIdentifier String invoiceId) {
}
