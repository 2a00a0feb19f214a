package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * The invoice is open for payment under its gapless number. {@code lines} and the totals
 * are final: a metered line may have grown with usage that arrived late for its period.
 * {@code dueDate} is null on events recorded before it existed: those invoices were due on
 * finalization (charge_automatically with no payment terms).
 */
public record InvoiceFinalized(String invoiceId,
                               String number,
                               List<InvoiceLine> lines,
                               Money subtotal,
                               Money total,
                               Money amountDue,
                               Money creditCarriedForward,
                               Instant finalizedAt,
                               Instant dueDate) {

    public InvoiceFinalized(String invoiceId, String number, List<InvoiceLine> lines, Money subtotal, Money total,
                            Money amountDue, Money creditCarriedForward, Instant finalizedAt) {
        this(invoiceId, number, lines, subtotal, total, amountDue, creditCarriedForward, finalizedAt, null);
    }
}
