package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Asks to charge the invoice now, as a new attempt. {@code attempt} null: the next one (a manual
 * {@code POST /v1/invoices/{id}/pay}); a number: only if it is the next one, so that the payment
 * saga asking for the first attempt again after a redelivery changes nothing. {@code at}: when, on
 * the invoice's clock (the automatic attempt: the finalization; null: now).
 */
public record RequestInvoicePayment(@TargetAggregateIdentifier String invoiceId, Integer attempt, Instant at) {

    /** Now, on the invoice's clock. */
    public RequestInvoicePayment(String invoiceId, Integer attempt) {
        this(invoiceId, attempt, null);
    }
}
