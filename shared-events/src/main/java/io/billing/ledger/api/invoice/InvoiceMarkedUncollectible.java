package io.billing.ledger.api.invoice;

import java.time.Instant;

public record InvoiceMarkedUncollectible(String invoiceId, Instant markedAt) {
}
