package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records the payment of an open (or uncollectible) invoice; {@code paidOutOfBand} when it was not
 * charged by us, else {@code paymentId} names the payment that collected it (paying again with the
 * same payment changes nothing).
 */
public record PayInvoice(@TargetAggregateIdentifier String invoiceId, boolean paidOutOfBand, String paymentId) {

    public PayInvoice(String invoiceId, boolean paidOutOfBand) {
        this(invoiceId, paidOutOfBand, null);
    }
}
