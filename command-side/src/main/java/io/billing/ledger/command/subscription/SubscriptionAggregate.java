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
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ChangeSubscriptionPlan;
import io.billing.ledger.api.subscription.CreateSubscription;
import io.billing.ledger.api.subscription.MarkSubscriptionPastDue;
import io.billing.ledger.api.subscription.PauseSubscription;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.ReactivateSubscription;
import io.billing.ledger.api.subscription.RecoverSubscription;
import io.billing.ledger.api.subscription.RenewSubscription;
import io.billing.ledger.api.subscription.ResumeSubscription;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
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
    /**
     * The periodic fee and quantity actually charged for the current period. A change with
     * proration behaviour {@code none} charges nothing, so the period stays billed at the old
     * terms, and a later credit for unused time must not exceed what was charged (DESIGN §4).
     */
    private Money billedFee;
    private long billedQuantity;
    private boolean canceledDuringTrial;

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
        apply(new SubscriptionCreated(command.subscriptionId(), customer.customerId(), plan.planId(),
                customer.testClockId(), trialPeriod != null ? TRIALING : ACTIVE, plan.pricingModel(),
                plan.unitPrice(), plan.billingInterval(), command.quantity(), calendar.anchor().dayOfMonth(),
                paidStart, now, trialPeriod, firstPeriod, command.metadata()));
    }

    @CommandHandler
    public void handle(RenewSubscription command) {
        if (!currentPeriod.end().equals(command.expectedPeriodEnd()) || status == CANCELED || status == PAUSED) {
            return; // handled already, or nothing runs on this period any more: a repeat changes nothing
        }
        if (cancelAtPeriodEnd) {
            // also at a trial's end: a trial canceled "at period end" ends without a paid period
            apply(new SubscriptionCanceled(subscriptionId, currentPeriod.end(), CancellationReason.PERIOD_END,
                    List.of()));
        } else if (status == TRIALING) {
            apply(new TrialEnded(subscriptionId, trial, calendar().firstPeriod(trial.end())));
        } else {
            apply(new SubscriptionRenewed(subscriptionId, currentPeriod, calendar().periodAfter(currentPeriod)));
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
        if (samePlan) {
            List<ProrationLine> lines = status == TRIALING || behavior == ProrationBehavior.NONE
                    || pricingModel != PricingModel.FLAT_RATE ? List.of()
                    : nonZero(Proration.change(billedFee, billedQuantity, periodicFee(pricingModel, unitPrice),
                            newQuantity, currentPeriod, now));
            apply(new SubscriptionQuantityChanged(subscriptionId, quantity, newQuantity, behavior, lines, now));
            return;
        }
        requireSellable(plan);
        if (!plan.unitPrice().currency().equals(unitPrice.currency())) {
            throw new ConflictException("Plan " + plan.planId() + " is priced in " + plan.unitPrice().currency()
                    + "; this subscription is billed in " + unitPrice.currency());
        }
        if (slots.holdsPlan(customerId, plan.planId())) {
            throw new ConflictException("Customer " + customerId + " already has a subscription to plan "
                    + plan.planId() + " that is not canceled");
        }
        BillingPeriod period = currentPeriod;
        int newAnchorDay = anchorDay;
        Instant newAnchorStart = anchorStart;
        List<ProrationLine> lines = new ArrayList<>();
        if (status == TRIALING) {
            // the trial is free: nothing to credit or charge; the new terms apply from its end
        } else if (plan.billingInterval() == interval) {
            lines.addAll(Proration.change(billedFee, billedQuantity,
                    periodicFee(plan.pricingModel(), plan.unitPrice()), newQuantity, currentPeriod, now));
        } else {
            // a new interval starts a new calendar at the change, as Stripe resets the billing cycle
            BillingCalendar newCalendar = calendar(plan.billingInterval(), now, null);
            period = newCalendar.firstPeriod(now);
            newAnchorDay = newCalendar.anchor().dayOfMonth();
            newAnchorStart = now;
            lines.add(Proration.unusedTimeCredit(billedFee, billedQuantity, currentPeriod, now));
            if (plan.pricingModel() == PricingModel.FLAT_RATE) {
                // a partial first period (the anchor day is capped at 28) costs its share of the full one
                lines.add(new ProrationLine(ProrationLine.LineType.PRORATION_DEBIT, "Remaining time " + period,
                        Proration.firstPeriodFee(plan.unitPrice(), newQuantity, period,
                                newCalendar.periodContaining(now)), newQuantity, period));
            }
        }
        apply(new SubscriptionPlanChanged(subscriptionId, planId, plan.planId(), plan.pricingModel(),
                plan.unitPrice(), plan.billingInterval(), quantity, newQuantity, behavior,
                behavior == ProrationBehavior.NONE ? List.of() : nonZero(lines), now, period, newAnchorDay,
                newAnchorStart));
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
                && !billedFee.isZero() && currentPeriod.contains(now)
                ? nonZero(List.of(Proration.unusedTimeCredit(billedFee, billedQuantity, currentPeriod, now)))
                : List.of();
        apply(new SubscriptionCanceled(subscriptionId, now, CancellationReason.REQUESTED, credit));
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
        apply(new SubscriptionReactivated(subscriptionId, now, currentPeriod));
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
        Instant now = clocks.now(testClockId);
        BillingPeriod period = now.isBefore(currentPeriod.end())
                ? currentPeriod : BillingPeriod.of(now, calendar().firstBoundaryAfter(now));
        apply(new SubscriptionResumed(subscriptionId, now, period));
    }

    @CommandHandler
    public void handle(MarkSubscriptionPastDue command, SubscriptionClocks clocks) {
        if (status == PAST_DUE) {
            return; // dunning may say it twice
        }
        SubscriptionLifecycle.require(subscriptionId, status, PAST_DUE, "mark past due");
        apply(new SubscriptionMarkedPastDue(subscriptionId, command.invoiceId(), clocks.now(testClockId)));
    }

    @CommandHandler
    public void handle(RecoverSubscription command, SubscriptionClocks clocks) {
        if (status != PAST_DUE) {
            return; // recovered already, or a later decision (pause, cancel) stands
        }
        apply(new SubscriptionRecovered(subscriptionId, command.invoiceId(), clocks.now(testClockId)));
    }

    private void requireWithinPeriod(Instant now) {
        if (!currentPeriod.contains(now)) {
            throw new ConflictException("Subscription " + subscriptionId + " is between periods (its period ended at "
                    + currentPeriod.end() + " and the renewal is being processed); retry shortly",
                    status.wire(), SubscriptionLifecycle.allowedFrom(status).stream().map(SubscriptionStatus::wire).toList());
        }
    }

    private static void requireSellable(PlanTerms plan) {
        if (plan.status() != PlanStatus.ACTIVE) {
            throw new ConflictException("Plan " + plan.planId() + " is archived; it accepts no new subscriptions",
                    plan.status().wire(), List.of());
        }
    }

    /** A per-unit plan has no fee in advance: its usage is billed in arrears, so it prorates as zero. */
    private static Money periodicFee(PricingModel model, Money price) {
        return model == PricingModel.FLAT_RATE ? price : Money.zero(price.currency());
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
        billedFee = event.status() == TRIALING ? Money.zero(unitPrice.currency()) : periodicFee(pricingModel, unitPrice);
        billedQuantity = quantity;
    }

    @EventSourcingHandler
    void on(TrialEnded event) {
        status = ACTIVE;
        currentPeriod = event.firstPeriod();
        billAtCurrentTerms();
    }

    @EventSourcingHandler
    void on(SubscriptionRenewed event) {
        currentPeriod = event.newPeriod();
        billAtCurrentTerms();
    }

    /** A new period is billed in advance at the terms in force (invoicing charges exactly these). */
    private void billAtCurrentTerms() {
        billedFee = periodicFee(pricingModel, unitPrice);
        billedQuantity = quantity;
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
        if (charged) {
            billAtCurrentTerms();
        } else if (newPeriod || status == TRIALING) {
            billedFee = Money.zero(unitPrice.currency()); // nothing was charged for this period
            billedQuantity = quantity;
        }
    }

    @EventSourcingHandler
    void on(SubscriptionQuantityChanged event) {
        quantity = event.toQuantity();
        if (event.prorationBehavior() != ProrationBehavior.NONE && status != TRIALING) {
            billedQuantity = quantity;
        }
    }

    @EventSourcingHandler
    void on(SubscriptionCancellationScheduled event) {
        cancelAtPeriodEnd = true;
    }

    @EventSourcingHandler
    void on(SubscriptionCanceled event) {
        canceledDuringTrial = status == TRIALING;
        status = CANCELED;
        cancelAtPeriodEnd = false;
    }

    @EventSourcingHandler
    void on(SubscriptionReactivated event) {
        status = ACTIVE;
        cancelAtPeriodEnd = false;
        currentPeriod = event.currentPeriod();
    }

    @EventSourcingHandler
    void on(SubscriptionPaused event) {
        status = PAUSED;
    }

    @EventSourcingHandler
    void on(SubscriptionResumed event) {
        status = ACTIVE;
        if (!event.currentPeriod().equals(currentPeriod)) {
            billAtCurrentTerms(); // invoicing charges the new, partial period at the resume
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
