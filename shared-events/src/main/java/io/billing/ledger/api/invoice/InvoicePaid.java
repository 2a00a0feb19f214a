package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

public record InvoicePaid(String invoiceId, Money amountPaid, boolean paidOutOfBand, Instant paidAt) {
}
