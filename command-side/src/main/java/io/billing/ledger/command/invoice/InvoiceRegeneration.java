package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;

import java.util.List;

/** Which lines a voided invoice's replacement takes, and when there may be none (docs/invoicing.md). */
final class InvoiceRegeneration {

    private InvoiceRegeneration() {
    }

    /**
     * The lines to draft again. The credit the voided invoice applied was given back on the void, so the
     * replacement applies credit afresh and does not copy the credit line; a void recorded before voids
     * gave credit back kept the credit, and its credit line moves to the replacement instead.
     * Refused (409, no transitions: the invoice stays void) unless void and not replaced yet, and for a
     * net credit: that credit went to the customer's balance when it was drafted and stays there, so
     * drafting it again would grant it twice.
     */
    static List<InvoiceLine> chargeableLines(String invoiceId, InvoiceStatus status, String replacedBy,
                                             List<InvoiceLine> lines, boolean creditReturnedOnVoid, String currency) {
        if (replacedBy != null) {
            throw new ConflictException("Invoice " + invoiceId + " was regenerated already as " + replacedBy);
        }
        if (status != InvoiceStatus.VOID) {
            throw new ConflictException("Invoice " + invoiceId + " is " + status.wire()
                    + "; only a void invoice can be regenerated");
        }
        List<InvoiceLine> chargeable = lines.stream()
                .filter(line -> !creditReturnedOnVoid || line.type() != LineType.CREDIT_APPLIED)
                .toList();
        Money subtotal = chargeable.stream().map(InvoiceLine::amount).reduce(Money.zero(currency), Money::plus);
        if (subtotal.isNegative()) {
            throw new ConflictException("Invoice " + invoiceId + " carried a net credit of " + subtotal.negate().amount()
                    + " forward, which stays on the customer's balance; there is nothing to invoice again");
        }
        return chargeable;
    }
}
