package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Marks an open invoice uncollectible. {@code ifOpen}: sent by dunning in its own transaction, so an
 * invoice settled meanwhile stays as it is instead of refusing.
 */
public record MarkInvoiceUncollectible(@TargetAggregateIdentifier String invoiceId, boolean ifOpen) {

    public MarkInvoiceUncollectible(String invoiceId) {
        this(invoiceId, false);
    }
}
