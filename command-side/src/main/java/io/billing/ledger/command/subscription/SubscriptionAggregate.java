package io.billing.ledger.command.subscription;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancelSubscription;
import io.billing.ledger.api.subscription.CancelSubscriptionForNonPayment;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ChangeSubscriptionPlan;
import io.billing.ledger.api.subscription.CreateSubscription;
import io.billing.ledger.api.subscription.InvoiceSubscriptionProrations;
import io.billing.ledger.api.subscription.MarkSubscriptionPastDue;
import io.billing.ledger.api.subscription.PauseSubscription;
import io.billing.ledger.api.subscription.PauseSubscriptionForNonPayment;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.ReactivateSubscription;
import io.billing.ledger.api.subscription.RecoverSubscription;
import io.billing.ledger.api.subscription.RenewSubscription;
import io.billing.ledger.api.subscription.ResumeSubscription;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.billing.BillingCalendar;
import io.billing.ledger.command.billing.Proration;
import io.billing.ledger.command.lookup.CustomerAccount;
import io.billing.ledger.command.lookup.CustomerAccounts;
import io.billing.ledger.command.lookup.PlanTerms;
import io.billing.ledger.command.lookup.PlanTermsSource;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import io.billing.ledger.command.lookup.SubscriptionSlots;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.billing.ledger.api.subscription.SubscriptionStatus.ACTIVE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.CANCELED;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAST_DUE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAUSED;
import static io.billing.ledger.api.subscription.SubscriptionStatus.TRIALING;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's subscription to a plan: its status, its billing calendar and its current
 * period. Every decision about time and money is made here and written into the event
 * (periods, proration lines), so projections, invoicing and replays never recompute them.
 * What it needs from outside (plan terms, the customer, the time) arrives as parameters.
 */
@Aggregate
public class SubscriptionAggregate {

    @AggregateIdentifier
    private String subscriptionId;
    private String customerId;
    private String planId;
    private String testClockId;
    private SubscriptionStatus status;
    private PricingModel pricingModel;
    private Money unitPrice;
    private BillingInterval interval;
    private long quantity;
    private int anchorDay;
    private Instant anchorStart;
    private BillingPeriod trial;
    private BillingPeriod currentPeriod;
    private boolean cancelAtPeriodEnd;
    /** Paused by dunning for this invoice: its payment resumes the subscription (RecoverSubscription). */
    private String pausedForInvoice;
    /**
     * What was charged for the current period, decided here once and carried on the events: the
     * fee for the whole current period (a partial period's own share, not the full period's) at
     * the terms actually charged, and their quantity. Every credit for unused time is a share of
     * it, so it never exceeds what was charged (DESIGN §4). A change with proration behaviour
     * {@code none} charges nothing, so the period stays charged at the old terms; a cancel that
     * credited the rest leaves nothing charged for it.
     */
    private Money chargedFee;
    private long chargedQuantity;
    /**
     * The fee of the current period that an immediate cancel credited back (null when it credited
     * nothing): a reactivation charges the rest of the period again from it, so undoing a mistaken
     * cancel undoes its credit too.
     */
    private Money creditedFee;
    private boolean canceledDuringTrial;
    /**
     * Proration lines kept for the next invoice ({@code create_prorations}). The event that
     * invoices them names them, and they are dropped in the same step: nothing outside the
     * aggregate decides which invoice took them.
     */
    private List<ProrationLine> pendingLines = new ArrayList<>();

    protected SubscriptionAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public SubscriptionAggregate(CreateSubscription command, PlanTermsSource plans, CustomerAccounts customers,
                                 SubscriptionSlots slots, SubscriptionClocks clocks) {
        CustomerAccount customer = customers.find(command.customerId()).orElseThrow(() ->
                new InvalidRequestException("customerId", "not_found", "Customer " + command.customerId()
                        + " does not exist"));
        PlanTerms plan = plans.find(command.planId()).orElseThrow(() ->
                new InvalidRequestException("planId", "not_found", "Plan " + command.planId() + " does not exist"));
        requireSellable(plan);
        Set<String> currencies = slots.currenciesOf(customer.customerId());
        if (!currencies.isEmpty() && !currencies.contains(plan.unitPrice().currency())) {
            throw new ConflictException("Customer " + customer.customerId() + " is billed in "
                    + String.join(", ", currencies) + "; plan " + plan.planId() + " is priced in "
                    + plan.unitPrice().currency());
        }
        if (slots.holdsPlan(customer.customerId(), plan.planId())) {
            throw new ConflictException("Customer " + customer.customerId() + " already has a subscription to plan "
                    + plan.planId() + " that is not canceled");
        }
        Instant now = clocks.now(customer.testClockId());
        BillingPeriod trialPeriod = plan.trialPeriodDays() > 0
                ? BillingCalendar.trialPeriod(now, plan.trialPeriodDays()) : null;
        Instant paidStart = trialPeriod != null ? trialPeriod.end() : now;
        BillingCalendar calendar = calendar(plan.billingInterval(), paidStart, command.billingAnchorDay());
        BillingPeriod firstPeriod = trialPeriod != null ? trialPeriod : calendar.firstPeriod(paidStart);
        Money fee = trialPeriod != null ? Money.zero(plan.unitPrice().currency())
                : periodFee(calendar, plan.pricingModel(), plan.unitPrice(), command.quantity(), firstPeriod);
        apply(new SubscriptionCreated(command.subscriptionId(), customer.customerId(), plan.planId(),
                customer.testClockId(), trialPeriod != null ? TRIALING : ACTIVE, plan.pricingModel(),
                plan.unitPrice(), plan.billingInterval(), command.quantity(), calendar.anchor().dayOfMonth(),
                paidStart, now, trialPeriod, firstPeriod, command.metadata(), fee));
    }

    @CommandHandler
    public void handle(RenewSubscription command) {
        if (!currentPeriod.end().equals(command.expectedPeriodEnd()) || status == CANCELED || status == PAUSED) {
            return; // handled already, or nothing runs on this period any more: a repeat changes nothing
        }
        if (cancelAtPeriodEnd) {
            // also at a trial's end: a trial canceled "at period end" ends without a paid period
            apply(new SubscriptionCanceled(subscriptionId, currentPeriod.end(), CancellationReason.PERIOD_END,
                    List.of(), List.copyOf(pendingLines)));
        } else if (status == TRIALING) {
            BillingPeriod first = calendar().firstPeriod(trial.end());
            apply(new TrialEnded(subscriptionId, trial, first, periodFee(first)));
        } else {
            BillingPeriod next = calendar().periodAfter(currentPeriod);
            apply(new SubscriptionRenewed(subscriptionId, currentPeriod, next, periodFee(next),
                    List.copyOf(pendingLines)));
        }
    }

    @CommandHandler
    public void handle(ChangeSubscriptionPlan command, PlanTermsSource plans, SubscriptionSlots slots,
                       SubscriptionClocks clocks) {
        if (status != ACTIVE && status != TRIALING && status != PAST_DUE) {
            throw SubscriptionLifecycle.conflict(subscriptionId, status, "change the plan of",
                    "only a trialing, active or past-due subscription can change plans");
        }
        PlanTerms plan = plans.find(command.planId()).orElseThrow(() ->
                new InvalidRequestException("planId", "not_found", "Plan " + command.planId() + " does not exist"));
        long newQuantity = command.quantity() != null ? command.quantity() : quantity;
        ProrationBehavior behavior = command.prorationBehavior() != null
                ? command.prorationBehavior() : ProrationBehavior.CREATE_PRORATIONS;
        Instant now = clocks.now(testClockId);
        requireWithinPeriod(now);
        boolean samePlan = plan.planId().equals(planId);
        if (samePlan && newQuantity == quantity) {
            return; // nothing changes, so nothing goes on the record
        }
        boolean charges = status != TRIALING && behavior != ProrationBehavior.NONE;
        if (samePlan) {
            Money newFee = periodFee(calendar(), pricingModel, unitPrice, newQuantity, currentPeriod);
            // also on a per-unit plan: a flat fee still charged for the period (a change with `none`) is
            // credited when the quantity change charges the period anew (its own fee is zero)
            List<ProrationLine> lines = !charges ? List.of()
                    : nonZero(Proration.periodChange(chargedFee, chargedQuantity, newFee, newQuantity,
                            currentPeriod, now));
            apply(new SubscriptionQuantityChanged(subscriptionId, quantity, newQuantity, behavior, lines, now,
                    status == TRIALING ? Money.zero(unitPrice.currency()) : charges ? newFee : chargedFee,
                    invoicedWith(behavior, lines)));
            return;
        }
        requireSellable(plan);
        if (!plan.unitPrice().currency().equals(unitPrice.currency())) {
            throw new ConflictException("Plan " + plan.planId() + " is priced in " + plan.unitPrice().currency()
                    + "; this subscription is billed in " + unitPrice.currency());
        }
        if (status != TRIALING && plan.billingInterval() != interval && behavior == ProrationBehavior.NONE) {
            // a new interval starts a new period at the change; with no line at all it would never be
            // charged (a free year after a monthly plan), and invoicing sends no lines for `none`
            throw new InvalidRequestException("prorationBehavior", "invalid", "A change from a " + interval.wire()
                    + "ly to a " + plan.billingInterval().wire() + "ly plan starts a new period, which must be "
                    + "charged: use create_prorations or always_invoice, not none");
        }
        if (slots.holdsPlan(customerId, plan.planId())) {
            throw new ConflictException("Customer " + customerId + " already has a subscription to plan "
                    + plan.planId() + " that is not canceled");
        }
        BillingPeriod period = currentPeriod;
        int newAnchorDay = anchorDay;
        Instant newAnchorStart = anchorStart;
        List<ProrationLine> lines = new ArrayList<>();
        Money charged;
        if (status == TRIALING) {
            // the trial is free: nothing to credit or charge; the new terms apply from its end
            charged = Money.zero(unitPrice.currency());
        } else if (plan.billingInterval() == interval) {
            Money newFee = periodFee(calendar(), plan.pricingModel(), plan.unitPrice(), newQuantity, currentPeriod);
            lines.addAll(Proration.periodChange(chargedFee, chargedQuantity, newFee, newQuantity, currentPeriod,
                    now));
            charged = charges ? newFee : chargedFee;
        } else {
            // a new interval starts a new calendar at the change, as Stripe resets the billing cycle
            BillingCalendar newCalendar = calendar(plan.billingInterval(), now, null);
            period = newCalendar.firstPeriod(now);
            newAnchorDay = newCalendar.anchor().dayOfMonth();
            newAnchorStart = now;
            lines.add(Proration.creditAgainst(chargedFee, chargedQuantity, currentPeriod, now));
            // a partial first period (the anchor day is capped at 28) costs its share of the full one
            Money newFee = periodFee(newCalendar, plan.pricingModel(), plan.unitPrice(), newQuantity, period);
            lines.add(Proration.debitFor(newFee, newQuantity, period, now));
            charged = charges ? newFee : Money.zero(unitPrice.currency()); // nothing charged for the new period
        }
        List<ProrationLine> recorded = behavior == ProrationBehavior.NONE ? List.of() : nonZero(lines);
        apply(new SubscriptionPlanChanged(subscriptionId, planId, plan.planId(), plan.pricingModel(),
                plan.unitPrice(), plan.billingInterval(), quantity, newQuantity, behavior, recorded, now, period,
                newAnchorDay, newAnchorStart, charged, invoicedWith(behavior, recorded)));
    }

    @CommandHandler
    public void handle(CancelSubscription command, SubscriptionClocks clocks) {
        Instant now = clocks.now(testClockId);
        if (command.atPeriodEnd()) {
            if (status == CANCELED || status == PAUSED || cancelAtPeriodEnd) {
                throw SubscriptionLifecycle.conflict(subscriptionId, status, "schedule the cancellation of",
                        cancelAtPeriodEnd ? "a cancellation is already scheduled" : "it has no period end to wait for");
            }
            apply(new SubscriptionCancellationScheduled(subscriptionId, currentPeriod.end(), now));
            return;
        }
        SubscriptionLifecycle.require(subscriptionId, status, CANCELED, "cancel");
        List<ProrationLine> credit = command.prorate() && (status == ACTIVE || status == PAST_DUE)
                && !chargedFee.isZero() && currentPeriod.contains(now)
                ? nonZero(List.of(Proration.creditAgainst(chargedFee, chargedQuantity, currentPeriod, now)))
                : List.of();
        apply(new SubscriptionCanceled(subscriptionId, now, CancellationReason.REQUESTED, credit,
                List.copyOf(pendingLines)));
    }

    /** POST /v1/invoices: the pending lines, invoiced now under the id the request chose. */
    @CommandHandler
    public void handle(InvoiceSubscriptionProrations command, SubscriptionClocks clocks) {
        if (pendingLines.isEmpty()) {
            throw new ConflictException("Subscription " + subscriptionId + " has no pending lines to invoice");
        }
        apply(new SubscriptionProrationsInvoiced(subscriptionId, command.invoiceId(), List.copyOf(pendingLines),
                clocks.now(testClockId), command.metadata() == null ? Map.of() : command.metadata()));
    }

    /** An invoiced change ({@code always_invoice} with lines) takes the lines pending before it along. */
    private List<ProrationLine> invoicedWith(ProrationBehavior behavior, List<ProrationLine> lines) {
        return behavior == ProrationBehavior.ALWAYS_INVOICE && !lines.isEmpty() ? List.copyOf(pendingLines) : List.of();
    }

    /** What the pending lines become after a change with these lines. */
    private void keepPending(ProrationBehavior behavior, List<ProrationLine> lines) {
        if (behavior == ProrationBehavior.CREATE_PRORATIONS) {
            pendingLines.addAll(lines);
        } else if (behavior == ProrationBehavior.ALWAYS_INVOICE && !lines.isEmpty()) {
            pendingLines.clear();
        }
    }

    @CommandHandler
    public void handle(ReactivateSubscription command, SubscriptionSlots slots, SubscriptionClocks clocks) {
        Instant now = clocks.now(testClockId);
        if (status == ACTIVE && cancelAtPeriodEnd) {
            apply(new SubscriptionReactivated(subscriptionId, now, currentPeriod));
            return;
        }
        SubscriptionLifecycle.require(subscriptionId, status, ACTIVE, "reactivate");
        if (status != CANCELED) {
            throw SubscriptionLifecycle.conflict(subscriptionId, status, "reactivate", "only a canceled subscription, "
                    + "or one with a scheduled cancellation, can be reactivated");
        }
        if (canceledDuringTrial) {
            throw SubscriptionLifecycle.conflict(subscriptionId, status, "reactivate",
                    "it was canceled during its trial, which has no paid period to return to");
        }
        if (!now.isBefore(currentPeriod.end())) {
            throw SubscriptionLifecycle.conflict(subscriptionId, status, "reactivate",
                    "its paid period ended at " + currentPeriod.end());
        }
        if (slots.holdsPlan(customerId, planId)) {
            throw new ConflictException("Customer " + customerId + " already has another subscription to plan "
                    + planId + " that is not canceled");
        }
        // the cancel credited [canceledAt, end): the time from now on is used again, so it is charged again
        List<ProrationLine> debit = creditedFee == null ? List.of()
                : nonZero(List.of(Proration.debitFor(creditedFee, chargedQuantity, currentPeriod, now)));
        apply(new SubscriptionReactivated(subscriptionId, now, currentPeriod, debit,
                creditedFee));
    }

    @CommandHandler
    public void handle(PauseSubscription command, SubscriptionClocks clocks) {
        SubscriptionLifecycle.require(subscriptionId, status, PAUSED, "pause");
        apply(new SubscriptionPaused(subscriptionId, clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(ResumeSubscription command, SubscriptionClocks clocks) {
        if (status != PAUSED) {
            throw SubscriptionLifecycle.conflict(subscriptionId, status, "resume", "only a paused subscription resumes");
        }
        resume(clocks.now(testClockId));
    }

    /** Resumes a paused subscription at {@code now}: the current period if it has not ended, else a new one from now. */
    private void resume(Instant now) {
        boolean kept = now.isBefore(currentPeriod.end());
        BillingPeriod period = kept ? currentPeriod : BillingPeriod.of(now, calendar().firstBoundaryAfter(now));
        apply(new SubscriptionResumed(subscriptionId, now, period,
                kept ? Money.zero(unitPrice.currency()) : periodFee(period)));
    }

    /**
     * Sent by the dunning process in its own transaction, so it never refuses: a subscription that
     * cannot become past due (trialing, paused, canceled) stays as it is.
     */
    @CommandHandler
    public void handle(MarkSubscriptionPastDue command, SubscriptionClocks clocks) {
        if (status == PAST_DUE || !SubscriptionLifecycle.allows(status, PAST_DUE)) {
            return; // dunning may say it twice; a paused or canceled subscription's state stands
        }
        apply(new SubscriptionMarkedPastDue(subscriptionId, command.invoiceId(), at(command.at(), clocks)));
    }

    /** Past due → active; paused by dunning for this invoice → resumed. Any other state stands (a later decision). */
    @CommandHandler
    public void handle(RecoverSubscription command, SubscriptionClocks clocks) {
        if (status == PAUSED && command.invoiceId() != null && command.invoiceId().equals(pausedForInvoice)) {
            resume(at(command.at(), clocks));
            return;
        }
        if (status != PAST_DUE) {
            return; // recovered already, or a later decision (pause, cancel) stands
        }
        apply(new SubscriptionRecovered(subscriptionId, command.invoiceId(), at(command.at(), clocks)));
    }

    @CommandHandler
    public void handle(PauseSubscriptionForNonPayment command, SubscriptionClocks clocks) {
        if (status != ACTIVE && status != PAST_DUE) {
            return;
        }
        apply(new SubscriptionPaused(subscriptionId, at(command.at(), clocks), command.invoiceId()));
    }

    @CommandHandler
    public void handle(CancelSubscriptionForNonPayment command, SubscriptionClocks clocks) {
        if (status == CANCELED) {
            return;
        }
        apply(new SubscriptionCanceled(subscriptionId, at(command.at(), clocks), CancellationReason.PAYMENT_FAILED,
                List.of(), List.copyOf(pendingLines)));
    }

    /** The time a process gave (the step of a test clock it acts at), else now on the subscription's clock. */
    private Instant at(Instant given, SubscriptionClocks clocks) {
        return given != null ? given : clocks.now(testClockId);
    }

    private void requireWithinPeriod(Instant now) {
        if (!currentPeriod.contains(now)) {
            throw new ConflictException("Subscription " + subscriptionId + " is between periods (its period ended at "
                    + currentPeriod.end() + " and the renewal is being processed); retry shortly");
        }
    }

    private static void requireSellable(PlanTerms plan) {
        if (plan.status() != PlanStatus.ACTIVE) {
            throw new ConflictException("Plan " + plan.planId() + " is archived; it accepts no new subscriptions");
        }
    }

    /** The fee in advance for {@code period} at the current terms. */
    private Money periodFee(BillingPeriod period) {
        return periodFee(calendar(), pricingModel, unitPrice, quantity, period);
    }

    /**
     * The fee in advance for {@code period} of {@code calendar}: price × quantity for a full period, a
     * partial period's share of the full period it lies in. A per-unit plan has no fee in advance: its
     * usage is billed in arrears, so it prorates as zero.
     */
    private static Money periodFee(BillingCalendar calendar, PricingModel model, Money price, long quantity,
                                   BillingPeriod period) {
        if (model != PricingModel.FLAT_RATE) {
            return Money.zero(price.currency());
        }
        BillingPeriod full = calendar.periodContaining(period.start());
        return period.end().equals(full.end()) ? Proration.firstPeriodFee(price, quantity, period, full)
                : price.times(quantity); // not a tail of the calendar's period (never made so): the whole fee
    }

    /** What events recorded before the fee was carried on them meant: the whole fee at the current terms. */
    private Money legacyFee() {
        return pricingModel == PricingModel.FLAT_RATE ? unitPrice.times(quantity) : Money.zero(unitPrice.currency());
    }

    private static List<ProrationLine> nonZero(List<ProrationLine> lines) {
        return lines.stream().filter(line -> !line.amount().isZero()).toList();
    }

    private static BillingCalendar calendar(BillingInterval interval, Instant paidStart, Integer anchorDay) {
        return anchorDay == null ? BillingCalendar.startingAt(paidStart, interval)
                : BillingCalendar.startingAt(paidStart, interval, anchorDay);
    }

    private BillingCalendar calendar() {
        return BillingCalendar.startingAt(anchorStart, interval, anchorDay);
    }

    @EventSourcingHandler
    void on(SubscriptionCreated event) {
        subscriptionId = event.subscriptionId();
        customerId = event.customerId();
        planId = event.planId();
        testClockId = event.testClockId();
        status = event.status();
        pricingModel = event.pricingModel();
        unitPrice = event.unitPrice();
        interval = event.billingInterval();
        quantity = event.quantity();
        anchorDay = event.billingAnchorDay();
        anchorStart = event.anchorStart();
        trial = event.trial();
        currentPeriod = event.currentPeriod();
        chargedFee = event.periodFee() != null ? event.periodFee()
                : event.status() == TRIALING ? Money.zero(unitPrice.currency()) : legacyFee();
        chargedQuantity = quantity;
    }

    @EventSourcingHandler
    void on(TrialEnded event) {
        status = ACTIVE;
        currentPeriod = event.firstPeriod();
        charge(event.periodFee());
    }

    @EventSourcingHandler
    void on(SubscriptionRenewed event) {
        pendingLines.clear();
        currentPeriod = event.newPeriod();
        charge(event.periodFee());
    }

    /** A new period is charged in advance at the terms in force (invoicing charges exactly this fee). */
    private void charge(Money periodFee) {
        chargedFee = periodFee != null ? periodFee : legacyFee();
        chargedQuantity = quantity;
    }

    @EventSourcingHandler
    void on(SubscriptionPlanChanged event) {
        boolean charged = event.prorationBehavior() != ProrationBehavior.NONE && status != TRIALING;
        boolean newPeriod = !event.currentPeriod().equals(currentPeriod);
        planId = event.toPlanId();
        pricingModel = event.pricingModel();
        unitPrice = event.unitPrice();
        interval = event.billingInterval();
        quantity = event.toQuantity();
        currentPeriod = event.currentPeriod();
        anchorDay = event.billingAnchorDay();
        anchorStart = event.anchorStart();
        keepPending(event.prorationBehavior(), event.prorationLines());
        if (event.chargedPeriodFee() != null) {
            chargedFee = event.chargedPeriodFee();
            if (charged || newPeriod || status == TRIALING) {
                chargedQuantity = quantity;
            }
        } else if (charged) {
            charge(null);
        } else if (newPeriod || status == TRIALING) {
            chargedFee = Money.zero(unitPrice.currency()); // nothing was charged for this period
            chargedQuantity = quantity;
        }
    }

    @EventSourcingHandler
    void on(SubscriptionQuantityChanged event) {
        quantity = event.toQuantity();
        keepPending(event.prorationBehavior(), event.prorationLines());
        boolean charged = event.prorationBehavior() != ProrationBehavior.NONE && status != TRIALING;
        if (event.chargedPeriodFee() != null) {
            chargedFee = event.chargedPeriodFee();
        } else if (charged) {
            chargedFee = legacyFee();
        }
        if (charged) {
            chargedQuantity = quantity;
        }
    }

    @EventSourcingHandler
    void on(SubscriptionCancellationScheduled event) {
        cancelAtPeriodEnd = true;
    }

    @EventSourcingHandler
    void on(SubscriptionCanceled event) {
        creditedFee = null;
        if (!event.prorationLines().isEmpty()) {
            creditedFee = chargedFee;
            chargedFee = Money.zero(unitPrice.currency()); // the rest of the period was credited: nothing is charged for it
        }
        pendingLines.clear();
        canceledDuringTrial = status == TRIALING;
        status = CANCELED;
        cancelAtPeriodEnd = false;
    }

    @EventSourcingHandler
    void on(SubscriptionProrationsInvoiced event) {
        pendingLines.clear();
    }

    @EventSourcingHandler
    void on(SubscriptionReactivated event) {
        status = ACTIVE;
        cancelAtPeriodEnd = false;
        currentPeriod = event.currentPeriod();
        if (event.prorationLines() != null) {
            pendingLines.addAll(event.prorationLines()); // the rest of the period, charged again on the next invoice
        }
        if (event.chargedPeriodFee() != null) {
            chargedFee = event.chargedPeriodFee();
        }
        creditedFee = null;
    }

    @EventSourcingHandler
    void on(SubscriptionPaused event) {
        status = PAUSED;
        pausedForInvoice = event.forInvoice();
    }

    @EventSourcingHandler
    void on(SubscriptionResumed event) {
        status = ACTIVE;
        pausedForInvoice = null;
        if (!event.currentPeriod().equals(currentPeriod)) {
            charge(event.periodFee()); // invoicing charges the new, partial period at the resume
        }
        currentPeriod = event.currentPeriod();
    }

    @EventSourcingHandler
    void on(SubscriptionMarkedPastDue event) {
        status = PAST_DUE;
    }

    @EventSourcingHandler
    void on(SubscriptionRecovered event) {
        status = ACTIVE;
    }
}
