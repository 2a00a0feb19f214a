package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.DraftInvoice;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoiceMetadataUpdated;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.RecordInvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.RecordInvoicePaymentFailure;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceRegenerated;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.IssueCreditNote;
import io.billing.ledger.api.invoice.MarkInvoiceUncollectible;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.RegenerateInvoice;
import io.billing.ledger.api.invoice.UpdateInvoiceMetadata;
import io.billing.ledger.api.invoice.VoidInvoice;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.billing.ledger.api.invoice.InvoiceStatus.DRAFT;
import static io.billing.ledger.api.invoice.InvoiceStatus.OPEN;
import static io.billing.ledger.api.invoice.InvoiceStatus.PAID;
import static io.billing.ledger.api.invoice.InvoiceStatus.UNCOLLECTIBLE;
import static io.billing.ledger.api.invoice.InvoiceStatus.VOID;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An invoice: its lines and totals, its number once finalized, what is due and paid. The
 * total is the sum of already-rounded lines; a net credit is not a negative invoice but a
 * zero one whose remainder is carried forward as customer credit.
 */
@Aggregate
public class InvoiceAggregate {

    @AggregateIdentifier
    private String invoiceId;
    private String subscriptionId;
    private String customerId;
    private String testClockId;
    private InvoiceReason reason;
    private BillingPeriod period;
    private InvoiceStatus status;
    private List<InvoiceLine> lines;
    private String currency;
    private long total;
    private long amountDue;
    private long credited;
    private int paymentAttempts;
    private String paidBy;
    private final java.util.Set<String> paymentsReported = new java.util.HashSet<>();
    private Map<String, String> metadata = Map.of();
    private Money creditReturnedOnVoid; // null: not voided, or voided before voids gave credit back
    private String replacedBy;

    protected InvoiceAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public InvoiceAggregate(DraftInvoice command) {
        Totals totals = Totals.of(command.lines(), command.currency());
        apply(new InvoiceDrafted(command.invoiceId(), command.customerId(), command.subscriptionId(),
                command.testClockId(), command.reason(), command.period(), List.copyOf(command.lines()),
                totals.subtotal(), Money.zero(command.currency()), totals.total(), totals.carriedForward(),
                command.draftedAt(), command.finalizeAt(), command.metadata(), command.replacesInvoiceId()));
    }

    /**
     * Numbers the invoice and closes the period for usage. A metered line is recounted
     * first: records may have arrived late for the period while the invoice was a draft.
     */
    @CommandHandler
    public void handle(FinalizeInvoice command, InvoiceNumbers numbers, UsageCounter usage, SubscriptionClocks clocks,
                       InvoiceTerms terms) {
        if (status != DRAFT) {
            InvoiceLifecycle.require(invoiceId, status, OPEN, "finalize");
        }
        List<InvoiceLine> finalLines = new ArrayList<>(lines);
        boolean metered = false;
        for (int i = 0; i < finalLines.size(); i++) {
            InvoiceLine line = finalLines.get(i);
            if (line.type() == LineType.USAGE_CHARGE && line.period() != null) {
                long quantity = usage.lockAndCount(subscriptionId, line.period().start());
                finalLines.set(i, new InvoiceLine(LineType.USAGE_CHARGE, line.description(), quantity,
                        line.unitAmount(), line.unitAmount().times(quantity), line.period()));
                metered = true;
            }
        }
        Totals totals = Totals.of(finalLines, currency);
        Instant now = command.at() != null ? command.at() : clocks.now(testClockId);
        apply(new InvoiceFinalized(invoiceId, numbers.next(now.atOffset(ZoneOffset.UTC).getYear()), finalLines,
                totals.subtotal(), totals.total(), totals.total(), totals.carriedForward(), now, terms.dueDate(now)));
        if (metered) {
            apply(new UsagePeriodClosed(subscriptionId, usagePeriod(finalLines), invoiceId));
        }
    }

    @CommandHandler
    public void handle(PayInvoice command, SubscriptionClocks clocks) {
        if (command.paymentId() != null && status != OPEN && status != UNCOLLECTIBLE) {
            // the payment process reports a collected payment: the same one again is a redelivery; one on an
            // invoice paid or voided meanwhile stays on its payment (to be refunded), never a 409 that would
            // stop the process. Only a person paying a paid invoice is told no.
            return;
        }
        InvoiceLifecycle.require(invoiceId, status, PAID, "pay");
        apply(new InvoicePaid(invoiceId, Money.of(amountDue, currency), command.paidOutOfBand(),
                command.paidAt() != null ? command.paidAt() : clocks.now(testClockId), command.paymentId()));
    }

    /**
     * Numbers the next charge attempt; the payment saga charges it. Nothing is due (a zero or fully
     * credited invoice): paid at once, no processor involved. Paying a draft, paid or void invoice is a 409.
     * Answers the attempt's number, null when no attempt was started.
     */
    @CommandHandler
    public Integer handle(RequestInvoicePayment command, SubscriptionClocks clocks) {
        if (command.attempt() != null
                && (command.attempt() <= paymentAttempts || (status != OPEN && status != UNCOLLECTIBLE))) {
            return null; // requested already, or voided before the payment process came to it
        }
        InvoiceLifecycle.require(invoiceId, status, PAID, "pay");
        Instant now = command.at() != null ? command.at() : clocks.now(testClockId);
        if (amountDue <= 0) {
            apply(new InvoicePaid(invoiceId, Money.of(0, currency), false, now, null));
            return null;
        }
        apply(new InvoicePaymentRequested(invoiceId, customerId, testClockId, paymentAttempts + 1,
                Money.of(amountDue, currency), now));
        return paymentAttempts;
    }

    /** The invoice stays open: dunning decides what comes next. A report after the invoice was settled changes nothing. */
    @CommandHandler
    public void handle(RecordInvoicePaymentFailure command, SubscriptionClocks clocks) {
        if ((status != OPEN && status != UNCOLLECTIBLE) || paymentsReported.contains(command.paymentId() + "#failed")) {
            return;
        }
        apply(new InvoicePaymentFailed(invoiceId, command.paymentId(), command.failureCode(), command.declineCode(),
                command.failureKind(), paymentAttempts, command.at() != null ? command.at() : clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(RecordInvoicePaymentActionRequired command, SubscriptionClocks clocks) {
        if ((status != OPEN && status != UNCOLLECTIBLE) || paymentsReported.contains(command.paymentId() + "#action")) {
            return;
        }
        apply(new InvoicePaymentActionRequired(invoiceId, command.paymentId(), command.nextActionUrl(),
                command.at() != null ? command.at() : clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(VoidInvoice command, SubscriptionClocks clocks) {
        if (status != OPEN) {
            InvoiceLifecycle.require(invoiceId, status, VOID, "void");
        }
        // the customer credit this invoice took goes back to the customer, as Stripe's void does
        Money applied = lines.stream().filter(line -> line.type() == LineType.CREDIT_APPLIED)
                .map(InvoiceLine::amount).reduce(Money.zero(currency), Money::plus).negate();
        apply(new InvoiceVoided(invoiceId, clocks.now(testClockId), customerId, applied));
    }

    /** Stripe's metadata update: "" or null removes a key, other keys merge; only a draft's metadata changes. */
    @CommandHandler
    public void handle(UpdateInvoiceMetadata command, SubscriptionClocks clocks) {
        InvoiceMetadata.requireChangeable(invoiceId, status, command.atCreation());
        Map<String, String> merged = InvoiceMetadata.merge(metadata, command.changes());
        if (!merged.equals(metadata)) {
            apply(new InvoiceMetadataUpdated(invoiceId, merged, clocks.now(testClockId)));
        }
    }

    /** A voided invoice's lines and period, drafted again under a new id by {@link VoidedInvoicePolicy}. */
    @CommandHandler
    public void handle(RegenerateInvoice command, SubscriptionClocks clocks) {
        List<InvoiceLine> chargeable = InvoiceRegeneration.chargeableLines(invoiceId, status, replacedBy, lines,
                creditReturnedOnVoid != null, currency);
        apply(new InvoiceRegenerated(invoiceId, command.newInvoiceId(), customerId, subscriptionId, testClockId,
                currency, reason, period, chargeable, metadata, clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(MarkInvoiceUncollectible command, SubscriptionClocks clocks) {
        InvoiceLifecycle.require(invoiceId, status, UNCOLLECTIBLE, "mark uncollectible");
        apply(new InvoiceMarkedUncollectible(invoiceId, clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(IssueCreditNote command, SubscriptionClocks clocks) {
        if (status != OPEN && status != PAID) {
            throw new io.billing.ledger.api.error.ConflictException("Invoice " + invoiceId + " is " + status.wire()
                    + "; credit notes are issued on open or paid invoices", status.wire(), List.of());
        }
        long creditable = total - credited;
        if (command.amountCents() > creditable) {
            throw new InvalidRequestException("amountCents", "exceeds_creditable",
                    "At most " + creditable + " can still be credited on this invoice");
        }
        if (!command.lines().isEmpty()) {
            long parts = command.lines().stream().mapToLong(line -> line.amount().amount()).reduce(0, Math::addExact);
            if (parts != command.amountCents()) {
                throw new InvalidRequestException("lines", "lines_do_not_add_up",
                        "The lines add up to " + parts + ", not to amountCents " + command.amountCents());
            }
        }
        long reduce = status == OPEN ? Math.min(command.amountCents(), amountDue) : 0;
        long toBalance = command.amountCents() - reduce;
        apply(new CreditNoteIssued(invoiceId, command.creditNoteId(), Money.of(command.amountCents(), currency),
                command.reason(), Money.of(reduce, currency), Money.of(toBalance, currency), clocks.now(testClockId),
                command.lines(), customerId));
    }

    private BillingPeriod usagePeriod(List<InvoiceLine> finalLines) {
        return finalLines.stream().filter(line -> line.type() == LineType.USAGE_CHARGE)
                .map(InvoiceLine::period).findFirst().orElse(period);
    }

    @EventSourcingHandler
    void on(InvoiceDrafted event) {
        invoiceId = event.invoiceId();
        subscriptionId = event.subscriptionId();
        customerId = event.customerId();
        testClockId = event.testClockId();
        reason = event.reason();
        period = event.period();
        status = DRAFT;
        lines = event.lines();
        currency = event.total().currency();
        total = event.total().amount();
        amountDue = total;
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(InvoiceMetadataUpdated event) {
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(InvoiceRegenerated event) {
        replacedBy = event.newInvoiceId();
    }

    @EventSourcingHandler
    void on(InvoiceFinalized event) {
        status = OPEN;
        lines = event.lines();
        total = event.total().amount();
        amountDue = event.amountDue().amount();
    }

    @EventSourcingHandler
    void on(InvoicePaid event) {
        status = PAID;
        amountDue = 0;
        paidBy = event.paymentId();
    }

    @EventSourcingHandler
    void on(InvoicePaymentRequested event) {
        paymentAttempts = event.attempt();
    }

    @EventSourcingHandler
    void on(InvoicePaymentFailed event) {
        paymentsReported.add(event.paymentId() + "#failed");
    }

    @EventSourcingHandler
    void on(InvoicePaymentActionRequired event) {
        paymentsReported.add(event.paymentId() + "#action");
    }

    @EventSourcingHandler
    void on(InvoiceVoided event) {
        status = VOID;
        amountDue = 0;
        creditReturnedOnVoid = event.creditReturned();
    }

    @EventSourcingHandler
    void on(InvoiceMarkedUncollectible event) {
        status = UNCOLLECTIBLE;
    }

    @EventSourcingHandler
    void on(CreditNoteIssued event) {
        credited = Math.addExact(credited, event.amount().amount());
        amountDue = Math.subtractExact(amountDue, event.reducedAmountDue().amount());
    }

    /** Subtotal = Σ lines; a negative subtotal is a zero total and a credit carried forward. */
    record Totals(Money subtotal, Money total, Money carriedForward) {

        static Totals of(List<InvoiceLine> lines, String currency) {
            Money subtotal = Money.zero(currency);
            for (InvoiceLine line : lines) {
                subtotal = subtotal.plus(line.amount());
            }
            return subtotal.isNegative()
                    ? new Totals(subtotal, Money.zero(currency), subtotal.negate())
                    : new Totals(subtotal, subtotal, Money.zero(currency));
        }
    }
}
