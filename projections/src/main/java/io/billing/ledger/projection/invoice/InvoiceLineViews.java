package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;

import java.util.Map;

/**
 * One line shape for every line the API shows: an invoice's lines and a subscription's pending
 * proration lines are both {@link InvoiceView.Line}, built here, so their JSON cannot drift apart.
 */
public final class InvoiceLineViews {

    private InvoiceLineViews() {
    }

    /** Line {@code index} of invoice {@code invoiceId}: its id is {@code <invoiceId>_<index>}, stable across replays. */
    public static InvoiceView.Line onInvoice(String invoiceId, int index, InvoiceLine line) {
        long amount = cents(line.amount());
        return new InvoiceView.Line(invoiceId + "_" + index, invoiceId, line.type() == null ? null : line.type().wire(),
                line.description(), line.quantity(),
                unitAmountCents(line.unitAmount() == null ? null : line.unitAmount().amount(), amount, line.quantity()),
                amount, line.period() == null ? null : line.period().start(),
                line.period() == null ? null : line.period().end(), line.metadata());
    }

    /** A line as an event recorded it (history, audit): the invoice line shape, on no invoice of its own. */
    public static InvoiceView.Line recorded(InvoiceLine line) {
        InvoiceView.Line view = onInvoice(null, 0, line);
        return new InvoiceView.Line(null, null, view.type(), view.description(), view.quantity(),
                view.unitAmountCents(), view.amountCents(), view.periodStart(), view.periodEnd(), view.metadata());
    }

    /** A line waiting in a subscription for its next invoice: no id and no invoice yet, no metadata of its own. */
    public static InvoiceView.Line pending(ProrationLine line) {
        long amount = cents(line.amount());
        return new InvoiceView.Line(null, null, line.type() == null ? null : line.type().wire(), line.description(),
                line.quantity(), unitAmountCents(null, amount, line.quantity()), amount,
                line.period() == null ? null : line.period().start(),
                line.period() == null ? null : line.period().end(), Map.of());
    }

    /**
     * A plan or usage line has its price per unit. A prorated or credit line was rounded as a whole,
     * so it has none of its own: its amount over its quantity, rounded half-even like every rounding
     * in the ledger (docs/billing-math.md). quantity × unit may then differ from the amount by less
     * than half the quantity; {@code amountCents} is the exact one.
     */
    public static long unitAmountCents(Long unitAmount, long amount, long quantity) {
        if (unitAmount != null) {
            return unitAmount;
        }
        if (quantity <= 0) {
            return amount;
        }
        long quotient = amount / quantity;
        long remainder = Math.abs(amount % quantity);
        long twice = Math.multiplyExact(remainder, 2);
        if (twice > quantity || (twice == quantity && quotient % 2 != 0)) {
            quotient += Long.signum(amount);
        }
        return quotient;
    }

    private static long cents(Money money) {
        return money == null ? 0 : money.amount();
    }
}
