package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Marks an open invoice uncollectible. {@code ifOpen}: sent by dunning in its own transaction, so an
 * invoice settled meanwhile stays as it is instead of refusing.
 */
public record MarkInvoiceUncollectible(@TargetAggregateIdentifier String invoiceId, boolean ifOpen, Instant at) {

    /** Now, on the invoice's clock. */
    public MarkInvoiceUncollectible(String invoiceId, boolean ifOpen) {
        this(invoiceId, ifOpen, null);
    }

    public MarkInvoiceUncollectible(String invoiceId) {
        this(invoiceId, false);
    }
}
