package io.billing.ledger.api.invoice;

import java.time.Instant;

/** The invoice as it was at {@code asOf} (by its own clock), rebuilt from its events recorded until then. */
public record FindInvoiceAsOf(String invoiceId, Instant asOf) {
}
