package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the payment of an open (or uncollectible) invoice; {@code paidOutOfBand} when it was not charged by us. */
public record PayInvoice(@TargetAggregateIdentifier String invoiceId, boolean paidOutOfBand) {
}
