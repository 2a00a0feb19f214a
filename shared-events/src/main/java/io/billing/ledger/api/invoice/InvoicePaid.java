package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * The invoice is paid (webhook type {@code invoice.paid}): by payment {@code paymentId}, or out of
 * band (then {@code paymentId} is null, as on every event recorded before payments existed).
 */
public record InvoicePaid(String invoiceId, Money amountPaid, boolean paidOutOfBand, Instant paidAt,
                          String paymentId) {

    public InvoicePaid(String invoiceId, Money amountPaid, boolean paidOutOfBand, Instant paidAt) {
        this(invoiceId, amountPaid, paidOutOfBand, paidAt, null);
    }
}
