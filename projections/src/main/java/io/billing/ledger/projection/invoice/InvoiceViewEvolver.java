package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one event changes an invoice as the API shows it. The customer's name and email are
 * not in the invoice's events: this function carries them over as they are, and
 * {@link InvoiceDirectoryProjection} fills them in ({@link #withCustomer}).
 */
public final class InvoiceViewEvolver {

    private InvoiceViewEvolver() {
    }

    /**
     * Folds one event into {@code current} (null before the invoice was drafted). An event
     * this function does not know, or any event but the draft before it, leaves the view as
     * it was.
     */
    public static InvoiceView apply(InvoiceView current, Object event, Instant recordedAt, long version) {
        if (event instanceof InvoiceDrafted drafted) {
            return drafted(drafted, recordedAt, version);
        }
        if (current == null) {
            return null;
        }
        Draft view = new Draft(current);
        if (event instanceof InvoiceFinalized e) {
            view.status = InvoiceStatus.OPEN;
            view.number = e.number();
            view.lines = lines(view.id, e.lines());
            view.subtotalCents = cents(e.subtotal());
            view.totalCents = cents(e.total());
            view.amountDueCents = cents(e.amountDue());
            view.creditCarriedForwardCents = cents(e.creditCarriedForward());
            view.finalizedAt = e.finalizedAt();
            // events recorded before due dates existed were due on finalization
            view.dueDate = e.dueDate() != null ? e.dueDate() : e.finalizedAt();
        } else if (event instanceof InvoicePaid e) {
            view.status = InvoiceStatus.PAID;
            view.amountPaidCents = cents(e.amountPaid());
            view.amountDueCents = 0;
            view.paidAt = e.paidAt();
            view.paidOutOfBand = e.paidOutOfBand();
        } else if (event instanceof InvoiceVoided e) {
            view.status = InvoiceStatus.VOID;
            view.amountDueCents = 0;
            view.voidedAt = e.voidedAt();
        } else if (event instanceof InvoicePaymentRequested || event instanceof InvoicePaymentFailed
                || event instanceof InvoicePaymentActionRequired) {
            // the invoice stays as it is (open); its payments show on /v1/payments
        } else if (event instanceof InvoiceMetadataUpdated e) {
            view.metadata = e.metadata();
        } else if (event instanceof InvoiceRegenerated e) {
            view.replacedByInvoiceId = e.newInvoiceId();
        } else if (event instanceof InvoiceMarkedUncollectible) {
            view.status = InvoiceStatus.UNCOLLECTIBLE;
        } else if (event instanceof CreditNoteIssued e) {
            List<InvoiceView.CreditNote> notes = new ArrayList<>(view.creditNotes);
            notes.add(new InvoiceView.CreditNote(e.creditNoteId(), cents(e.amount()), e.reason(), e.issuedAt(),
                    e.lines().stream().map(line -> new InvoiceView.CreditNoteLine(line.description(),
                            cents(line.amount()))).toList()));
            view.creditNotes = List.copyOf(notes);
            view.amountDueCents = Math.subtractExact(view.amountDueCents, cents(e.reducedAmountDue()));
        } else {
            return current;
        }
        view.updatedAt = recordedAt;
        view.version = version;
        return view.toView();
    }

    /** The view with the billed customer's name and email; everything else, version included, as it was. */
    public static InvoiceView withCustomer(InvoiceView view, String customerName, String customerEmail) {
        if (view == null) {
            return null;
        }
        Draft draft = new Draft(view);
        draft.customerName = customerName;
        draft.customerEmail = customerEmail;
        return draft.toView();
    }

    private static InvoiceView drafted(InvoiceDrafted e, Instant recordedAt, long version) {
        Draft view = new Draft();
        view.id = e.invoiceId();
        view.customerId = e.customerId();
        view.subscriptionId = e.subscriptionId();
        view.status = InvoiceStatus.DRAFT;
        view.billingReason = e.reason();
        view.currency = currency(e.total(), e.subtotal());
        view.collectionMethod = InvoiceView.CHARGE_AUTOMATICALLY;
        view.periodStart = e.period() == null ? null : e.period().start();
        view.periodEnd = e.period() == null ? null : e.period().end();
        view.lines = lines(e.invoiceId(), e.lines());
        view.subtotalCents = cents(e.subtotal());
        view.taxAmountCents = cents(e.tax());
        view.totalCents = cents(e.total());
        view.amountDueCents = view.totalCents;
        view.amountPaidCents = 0;
        view.creditCarriedForwardCents = cents(e.creditCarriedForward());
        view.creditNotes = List.of();
        view.createdAt = e.draftedAt();
        view.finalizeAt = e.finalizeAt();
        view.metadata = e.metadata();
        view.replacesInvoiceId = e.replacesInvoiceId();
        view.updatedAt = recordedAt;
        view.version = version;
        return view.toView();
    }

    static List<InvoiceView.Line> lines(String invoiceId, List<InvoiceLine> lines) {
        if (lines == null) {
            return List.of();
        }
        List<InvoiceView.Line> views = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            views.add(InvoiceLineViews.onInvoice(invoiceId, i, lines.get(i)));
        }
        return List.copyOf(views);
    }

    private static long cents(Money money) {
        return money == null ? 0 : money.amount();
    }

    private static String currency(Money... candidates) {
        for (Money money : candidates) {
            if (money != null) {
                return money.currency();
            }
        }
        return null;
    }

    /** The view's fields while one event changes them; a record has no withers. */
    private static final class Draft {
        String id;
        String number;
        String customerId;
        String customerName;
        String customerEmail;
        String subscriptionId;
        InvoiceStatus status;
        InvoiceReason billingReason;
        String currency;
        String collectionMethod;
        Instant periodStart;
        Instant periodEnd;
        List<InvoiceView.Line> lines;
        long subtotalCents;
        long taxAmountCents;
        long totalCents;
        long amountDueCents;
        long amountPaidCents;
        long creditCarriedForwardCents;
        List<InvoiceView.CreditNote> creditNotes;
        boolean paidOutOfBand;
        Instant createdAt;
        Instant finalizeAt;
        Instant finalizedAt;
        Instant dueDate;
        Instant paidAt;
        Instant voidedAt;
        Instant updatedAt;
        long version;
        Map<String, String> metadata = Map.of();
        String replacesInvoiceId;
        String replacedByInvoiceId;

        Draft() {
        }

        Draft(InvoiceView v) {
            id = v.id();
            number = v.invoiceNumber();
            customerId = v.customerId();
            customerName = v.customerName();
            customerEmail = v.customerEmail();
            subscriptionId = v.subscriptionId();
            status = v.status();
            billingReason = v.billingReason();
            currency = v.currency();
            collectionMethod = v.collectionMethod();
            periodStart = v.periodStart();
            periodEnd = v.periodEnd();
            lines = v.lines() == null ? List.of() : v.lines();
            subtotalCents = v.subtotalCents();
            taxAmountCents = v.taxAmountCents();
            totalCents = v.totalCents();
            amountDueCents = v.amountDueCents();
            amountPaidCents = v.amountPaidCents();
            creditCarriedForwardCents = v.creditCarriedForwardCents();
            creditNotes = v.creditNotes() == null ? List.of() : v.creditNotes();
            paidOutOfBand = v.paidOutOfBand();
            createdAt = v.createdAt();
            finalizeAt = v.finalizeAt();
            finalizedAt = v.finalizedAt();
            dueDate = v.dueDate();
            paidAt = v.paidAt();
            voidedAt = v.voidedAt();
            updatedAt = v.updatedAt();
            version = v.version();
            metadata = v.metadata();
            replacesInvoiceId = v.replacesInvoiceId();
            replacedByInvoiceId = v.replacedByInvoiceId();
        }

        InvoiceView toView() {
            return new InvoiceView(id, number, customerId, customerName, customerEmail, subscriptionId, status,
                    billingReason, currency, collectionMethod, periodStart, periodEnd, lines, subtotalCents,
                    taxAmountCents, totalCents, amountDueCents, amountPaidCents, creditCarriedForwardCents,
                    creditNotes, paidOutOfBand, createdAt, finalizeAt, finalizedAt, dueDate, paidAt, voidedAt, updatedAt, version,
                    metadata, replacesInvoiceId, replacedByInvoiceId);
        }
    }
}
