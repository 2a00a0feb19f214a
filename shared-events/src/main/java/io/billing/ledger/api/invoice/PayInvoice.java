package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Records the payment of an open (or uncollectible) invoice; {@code paidOutOfBand} when it was not
 * charged by us, else {@code paymentId} names the payment that collected it (paying again with the
 * same payment changes nothing). {@code paidAt}: when the payment succeeded (null: now).
 */
public record PayInvoice(@TargetAggregateIdentifier String invoiceId, boolean paidOutOfBand, String paymentId,
                         Instant paidAt) {

    /** Paid now, on the invoice's clock. */
    public PayInvoice(String invoiceId, boolean paidOutOfBand) {
        this(invoiceId, paidOutOfBand, null, null);
    }
}
