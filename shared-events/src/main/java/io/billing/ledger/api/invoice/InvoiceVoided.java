package io.billing.ledger.api.invoice;

import java.time.Instant;

public record InvoiceVoided(String invoiceId, Instant voidedAt) {
}
