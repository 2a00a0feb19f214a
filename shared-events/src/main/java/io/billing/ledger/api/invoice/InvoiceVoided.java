package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * The invoice was voided. {@code creditReturned} is the customer credit it had applied, given back to
 * {@code customerId}'s balance (zero when none); null on events recorded before voids gave credit back.
 */
public record InvoiceVoided(String invoiceId, Instant voidedAt, String customerId, Money creditReturned) {

    public InvoiceVoided(String invoiceId, Instant voidedAt) {
        this(invoiceId, voidedAt, null, null);
    }
}
