package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * The invoice is open for payment under its gapless number. {@code lines} and the totals
 * are final: a metered line may have grown with usage that arrived late for its period.
 */
public record InvoiceFinalized(String invoiceId,
                               String number,
                               List<InvoiceLine> lines,
                               Money subtotal,
                               Money total,
                               Money amountDue,
                               Money creditCarriedForward,
                               Instant finalizedAt) {
}
