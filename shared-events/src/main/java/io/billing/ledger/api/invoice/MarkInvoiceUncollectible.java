package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkInvoiceUncollectible(@TargetAggregateIdentifier String invoiceId) {
}
