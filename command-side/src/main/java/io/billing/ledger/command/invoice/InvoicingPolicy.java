package io.billing.ledger.command.invoice;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.ApplyCustomerCredit;
import io.billing.ledger.api.customer.GrantCustomerCredit;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.DraftInvoice;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.billing.BillingCalendar;
import io.billing.ledger.command.billing.Proration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns subscription events into invoices. Still a subscribing processor, in the transaction of
 * the subscription event (as a pooled one, a test clock's renewals outran their invoices; see
 * docs/invoicing.md), but it only reads events, so it can move out. An invoice's id is named by
 * the event that causes it (the subscription and the event's sequence number): a redelivered
 * event finds its invoice drafted and does nothing, and two nodes drafting it at once collide on
 * the event store's (aggregate id, sequence) index.
 * Which pending proration lines an invoice takes is decided by the subscription and named on
 * its event; this class only reads events.
 * <ul>
 *   <li>created (no trial) or trial ended → the first period's flat fee in advance, prorated
 *       when the first period is partial;</li>
 *   <li>renewed → the new period's flat fee in advance, the ended period's usage in arrears,
 *       and the pending proration lines;</li>
 *   <li>plan or quantity changed → lines kept for the next invoice ({@code create_prorations}),
 *       invoiced now ({@code always_invoice}), or dropped ({@code none});</li>
 *   <li>canceled → a final invoice of the credit for unused time, pending lines and usage.</li>
 * </ul>
 * Customer credit is applied first on every invoice: the customer aggregate decides how much
 * ({@link ApplyCustomerCredit}) and a net credit is granted back to it ({@link GrantCustomerCredit}).
 * Both are commands sent from here, in the same transaction as the draft (docs/invoicing.md).
 */
@Component
@ProcessingGroup(InvoicingPolicy.PROCESSING_GROUP)
@DisallowReplay // it drafts invoices: replaying it would invoice history again
public class InvoicingPolicy {

    public static final String PROCESSING_GROUP = "invoicing-policy";

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final UsageCounter usage;
    private final EventStore eventStore;
    private final Duration finalizeDelay;

    public InvoicingPolicy(JdbcTemplate jdbc, CommandGateway commands, UsageCounter usage, EventStore eventStore,
                           @Value("${billing.invoicing.finalize-delay}") Duration finalizeDelay) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.commands = commands;
        this.usage = usage;
        this.finalizeDelay = finalizeDelay;
    }

    @EventHandler
    void on(SubscriptionCreated event, @SequenceNumber long sequence) {
        jdbc.update("""
                        INSERT INTO invoicing_subscriptions (subscription_id, customer_id, plan_id, test_clock_id,
                            pricing_model, unit_amount, currency, quantity, period_start, period_end, anchor_start,
                            anchor_day, billing_interval, trialing)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO NOTHING""",
                event.subscriptionId(), event.customerId(), event.planId(), event.testClockId(),
                event.pricingModel().wire(), event.unitPrice().amount(), event.unitPrice().currency(),
                event.quantity(), Timestamp.from(event.currentPeriod().start()),
                Timestamp.from(event.currentPeriod().end()), Timestamp.from(event.anchorStart()),
                event.billingAnchorDay(), event.billingInterval().wire(),
                event.status() == SubscriptionStatus.TRIALING);
        if (event.status() == SubscriptionStatus.ACTIVE && event.pricingModel() == PricingModel.FLAT_RATE) {
            Terms terms = terms(event.subscriptionId());
            draft(terms, InvoiceReason.SUBSCRIPTION_CREATE, event.currentPeriod(),
                    List.of(advanceFee(terms, event.currentPeriod(), event.periodFee())), event.startedAt(),
                    invoiceId(event.subscriptionId(), sequence));
        }
    }

    @EventHandler
    void on(TrialEnded event, @SequenceNumber long sequence) {
        moveTo(event.subscriptionId(), event.firstPeriod());
        jdbc.update("UPDATE invoicing_subscriptions SET trialing = FALSE WHERE subscription_id = ?",
                event.subscriptionId());
        Terms terms = terms(event.subscriptionId());
        if (terms.pricingModel() == PricingModel.FLAT_RATE) {
            draft(terms, InvoiceReason.SUBSCRIPTION_CYCLE, event.firstPeriod(),
                    List.of(advanceFee(terms, event.firstPeriod(), event.periodFee())), event.trial().end(),
                    invoiceId(event.subscriptionId(), sequence));
        }
    }

    @EventHandler
    void on(SubscriptionRenewed event, @SequenceNumber long sequence) {
        Terms terms = terms(event.subscriptionId());
        List<InvoiceLine> lines = new ArrayList<>();
        if (terms.pricingModel() == PricingModel.FLAT_RATE) {
            lines.add(new InvoiceLine(LineType.PLAN_CHARGE, "Subscription fee " + event.newPeriod(), terms.quantity(),
                    terms.unitPrice(), event.periodFee() != null ? event.periodFee()
                    : terms.unitPrice().times(terms.quantity()), event.newPeriod()));
        } else {
            lines.add(usageLine(terms, event.endedPeriod()));
        }
        moveTo(event.subscriptionId(), event.newPeriod());
        addProrations(lines, event.invoicedProrations());
        draft(terms, InvoiceReason.SUBSCRIPTION_CYCLE, event.newPeriod(), lines, event.endedPeriod().end(),
                invoiceId(event.subscriptionId(), sequence));
    }

    @EventHandler
    void on(SubscriptionPlanChanged event, @SequenceNumber long sequence) {
        jdbc.update("""
                        UPDATE invoicing_subscriptions SET plan_id = ?, pricing_model = ?, unit_amount = ?, quantity = ?,
                            period_start = ?, period_end = ?, anchor_start = ?, anchor_day = ?, billing_interval = ?
                        WHERE subscription_id = ?""",
                event.toPlanId(), event.pricingModel().wire(), event.unitPrice().amount(), event.toQuantity(),
                Timestamp.from(event.currentPeriod().start()), Timestamp.from(event.currentPeriod().end()),
                Timestamp.from(event.anchorStart()), event.billingAnchorDay(), event.billingInterval().wire(),
                event.subscriptionId());
        prorations(event.subscriptionId(), event.prorationBehavior(), event.prorationLines(),
                event.invoicedProrations(), event.changedAt(), invoiceId(event.subscriptionId(), sequence));
    }

    @EventHandler
    void on(SubscriptionQuantityChanged event, @SequenceNumber long sequence) {
        jdbc.update("UPDATE invoicing_subscriptions SET quantity = ? WHERE subscription_id = ?", event.toQuantity(),
                event.subscriptionId());
        prorations(event.subscriptionId(), event.prorationBehavior(), event.prorationLines(),
                event.invoicedProrations(), event.changedAt(), invoiceId(event.subscriptionId(), sequence));
    }

    /** POST /v1/invoices: the lines the subscription says it invoiced, under the id the request chose. */
    @EventHandler
    void on(SubscriptionProrationsInvoiced event) {
        List<InvoiceLine> lines = new ArrayList<>();
        addProrations(lines, event.lines());
        draft(terms(event.subscriptionId()), InvoiceReason.MANUAL, null, lines, event.invoicedAt(), event.invoiceId());
    }

    @EventHandler
    void on(SubscriptionResumed event, @SequenceNumber long sequence) {
        Terms terms = terms(event.subscriptionId());
        boolean newPeriod = !terms.period().equals(event.currentPeriod());
        moveTo(event.subscriptionId(), event.currentPeriod());
        if (newPeriod && terms.pricingModel() == PricingModel.FLAT_RATE) {
            // the paused period ended meanwhile: the partial period from the resume is billed in advance
            draft(terms, InvoiceReason.SUBSCRIPTION_CYCLE, event.currentPeriod(),
                    List.of(advanceFee(terms, event.currentPeriod(), event.periodFee())), event.resumedAt(),
                    invoiceId(event.subscriptionId(), sequence));
        }
    }

    @EventHandler
    void on(SubscriptionReactivated event) {
        moveTo(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionCanceled event, @SequenceNumber long sequence) {
        Terms terms = terms(event.subscriptionId());
        List<InvoiceLine> lines = new ArrayList<>();
        event.prorationLines().forEach(line -> lines.add(fromProration(line)));
        if (terms.pricingModel() == PricingModel.PER_UNIT && !terms.trialing()) {
            lines.add(usageLine(terms, terms.period())); // usage in a trial is free, as the trial is
        }
        addProrations(lines, event.invoicedProrations());
        draft(terms, InvoiceReason.SUBSCRIPTION_CANCEL, terms.period(), lines, event.canceledAt(),
                invoiceId(event.subscriptionId(), sequence));
    }

    @EventHandler
    void on(CreditNoteIssued event) {
        // events recorded before the customer was named on them came before this processor's start
        if (!event.creditToBalance().isZero() && event.customerId() != null) {
            commands.sendAndWait(new GrantCustomerCredit(event.customerId(), event.creditToBalance(),
                    event.creditNoteId(), event.issuedAt()));
        }
    }

    /** {@code always_invoice}: the change's lines and the ones pending before it, invoiced now; else they wait. */
    private void prorations(String subscriptionId, ProrationBehavior behavior, List<ProrationLine> lines,
                            List<ProrationLine> pendingBefore, Instant changedAt, String invoiceId) {
        if (lines.isEmpty() || behavior != ProrationBehavior.ALWAYS_INVOICE) {
            return; // create_prorations: the lines wait in the subscription for its next invoice
        }
        List<InvoiceLine> now = new ArrayList<>();
        addProrations(now, lines);
        addProrations(now, pendingBefore);
        draft(terms(subscriptionId), InvoiceReason.SUBSCRIPTION_UPDATE, null, now, changedAt, invoiceId);
    }

    private static void addProrations(List<InvoiceLine> lines, List<ProrationLine> prorations) {
        if (prorations != null) { // null: recorded before the event named them (such events are not invoiced again)
            prorations.forEach(line -> lines.add(fromProration(line)));
        }
    }

    /**
     * The invoice an event causes is named by that event (its subscription and sequence number): a
     * redelivery makes the same id and collides on the event store's (aggregate id, sequence) index,
     * while two changes at one instant, or two cancels in one period, are two events and two invoices.
     */
    public static String invoiceId(String subscriptionId, long sequence) {
        return Ids.derived(Ids.INVOICE, subscriptionId, sequence);
    }

    private String draft(Terms terms, InvoiceReason reason, BillingPeriod period, List<InvoiceLine> lines,
                         Instant at, String invoiceId) {
        if (lines.isEmpty() || eventStore.lastSequenceNumberFor(invoiceId).isPresent()) {
            return null; // nothing to invoice, or drafted already from this very event (a redelivery)
        }
        List<InvoiceLine> withCredit = new ArrayList<>(lines);
        Money subtotal = lines.stream().map(InvoiceLine::amount).reduce(Money.zero(terms.currency()), Money::plus);
        if (!subtotal.isNegative() && !subtotal.isZero()) {
            Money applied = commands.sendAndWait(new ApplyCustomerCredit(terms.customerId(), invoiceId, subtotal, at));
            if (!applied.isZero()) {
                withCredit.add(new InvoiceLine(LineType.CREDIT_APPLIED, "Customer credit applied", 1, null,
                        applied.negate(), period));
            }
        } else if (subtotal.isNegative()) {
            // a net credit is carried forward: the customer's next invoice in this currency takes it
            commands.sendAndWait(new GrantCustomerCredit(terms.customerId(), subtotal.negate(), invoiceId, at));
        }
        commands.sendAndWait(new DraftInvoice(invoiceId, terms.customerId(), terms.subscriptionId(),
                terms.testClockId(), terms.currency(), reason, period, withCredit, at, at.plus(finalizeDelay)));
        if (finalizeDelay.isZero()) {
            commands.sendAndWait(new FinalizeInvoice(invoiceId, at));
        }
        return invoiceId;
    }

    /** The fee the subscription decided for the period; events recorded before it was carried get it derived. */
    private InvoiceLine advanceFee(Terms terms, BillingPeriod period, Money periodFee) {
        BillingPeriod full = terms.calendar().periodContaining(period.start());
        Money fee = periodFee != null ? periodFee
                : Proration.firstPeriodFee(terms.unitPrice(), terms.quantity(), period, full);
        String description = period.equals(full) ? "Subscription fee " + period
                : "Subscription fee " + period + ", prorated " + period.seconds() + "/" + full.seconds() + " s";
        return new InvoiceLine(LineType.PLAN_CHARGE, description, terms.quantity(), terms.unitPrice(), fee, period);
    }

    private InvoiceLine usageLine(Terms terms, BillingPeriod period) {
        long quantity = usage.count(terms.subscriptionId(), period.start());
        return new InvoiceLine(LineType.USAGE_CHARGE, "Usage " + period, quantity, terms.unitPrice(),
                terms.unitPrice().times(quantity), period);
    }

    private static InvoiceLine fromProration(ProrationLine line) {
        return new InvoiceLine(line.type(), line.description(), line.quantity(), null, line.amount(), line.period());
    }

    private void moveTo(String subscriptionId, BillingPeriod period) {
        jdbc.update("UPDATE invoicing_subscriptions SET period_start = ?, period_end = ? WHERE subscription_id = ?",
                Timestamp.from(period.start()), Timestamp.from(period.end()), subscriptionId);
    }

    private Terms terms(String subscriptionId) {
        return findTerms(subscriptionId).orElseThrow(() ->
                new IllegalStateException("no invoicing terms for " + subscriptionId));
    }

    private Optional<Terms> findTerms(String subscriptionId) {
        return jdbc.query("SELECT * FROM invoicing_subscriptions WHERE subscription_id = ?", (rs, row) -> new Terms(
                rs.getString("subscription_id"), rs.getString("customer_id"), rs.getString("test_clock_id"),
                PricingModel.fromWire(rs.getString("pricing_model")),
                Money.of(rs.getLong("unit_amount"), rs.getString("currency")), rs.getLong("quantity"),
                BillingPeriod.of(rs.getTimestamp("period_start").toInstant(), rs.getTimestamp("period_end").toInstant()),
                BillingCalendar.startingAt(rs.getTimestamp("anchor_start").toInstant(),
                        BillingInterval.fromWire(rs.getString("billing_interval")), rs.getInt("anchor_day")),
                rs.getBoolean("trialing")),
                subscriptionId).stream().findFirst();
    }

    private record Terms(String subscriptionId, String customerId, String testClockId, PricingModel pricingModel,
                         Money unitPrice, long quantity, BillingPeriod period, BillingCalendar calendar,
                         boolean trialing) {

        String currency() {
            return unitPrice.currency();
        }
    }

}
