package io.billing.ledger.command.subscription;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancelSubscription;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ChangeSubscriptionPlan;
import io.billing.ledger.api.subscription.CreateSubscription;
import io.billing.ledger.api.subscription.InvoiceSubscriptionProrations;
import io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced;
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
import io.billing.ledger.command.lookup.CustomerAccount;
import io.billing.ledger.command.lookup.CustomerAccounts;
import io.billing.ledger.command.lookup.PlanTerms;
import io.billing.ledger.command.lookup.PlanTermsSource;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import io.billing.ledger.command.lookup.SubscriptionSlots;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;

class SubscriptionAggregateTest {

    private static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    private static final String CUST = "cust_00000000-0000-0000-0000-000000000001";
    private static final String BASIC = "plan_00000000-0000-0000-0000-00000000000b";
    private static final String PRO = "plan_00000000-0000-0000-0000-00000000000p";
    private static final String YEARLY = "plan_00000000-0000-0000-0000-00000000000y";
    private static final String METERED = "plan_00000000-0000-0000-0000-00000000000m";
    private static final Instant JAN_15_10H = Instant.parse("2026-01-15T10:00:00Z");
    private static final Instant FEB_15_10H = Instant.parse("2026-02-15T10:00:00Z");
    private static final Instant MAR_15_10H = Instant.parse("2026-03-15T10:00:00Z");
    private static final BillingPeriod JANUARY = BillingPeriod.of(JAN_15_10H, FEB_15_10H);
    private static final Money BASIC_PRICE = Money.of(3100, "usd");
    private static final Money PRO_PRICE = Money.of(6200, "usd");

    private AggregateTestFixture<SubscriptionAggregate> fixture;
    private final Map<String, PlanTerms> plans = new HashMap<>();
    private final Set<String> heldPlans = new HashSet<>();
    private final Set<String> currencies = new HashSet<>();
    private Instant now = JAN_15_10H;

    @BeforeEach
    void setUp() {
        plans.put(BASIC, new PlanTerms(BASIC, PlanStatus.ACTIVE, PricingModel.FLAT_RATE, BASIC_PRICE,
                BillingInterval.MONTH, 0));
        plans.put(PRO, new PlanTerms(PRO, PlanStatus.ACTIVE, PricingModel.FLAT_RATE, PRO_PRICE,
                BillingInterval.MONTH, 0));
        plans.put(YEARLY, new PlanTerms(YEARLY, PlanStatus.ACTIVE, PricingModel.FLAT_RATE, Money.of(36500, "usd"),
                BillingInterval.YEAR, 0));
        plans.put(METERED, new PlanTerms(METERED, PlanStatus.ACTIVE, PricingModel.PER_UNIT, Money.of(25, "usd"),
                BillingInterval.MONTH, 0));
        fixture = new AggregateTestFixture<>(SubscriptionAggregate.class);
        fixture.registerInjectableResource((PlanTermsSource) id -> Optional.ofNullable(plans.get(id)));
        fixture.registerInjectableResource((CustomerAccounts) id ->
                id.equals(CUST) ? Optional.of(new CustomerAccount(CUST, null)) : Optional.empty());
        fixture.registerInjectableResource(new SubscriptionSlots() {
            @Override
            public boolean holdsPlan(String customerId, String planId) {
                return heldPlans.contains(planId);
            }

            @Override
            public Set<String> currenciesOf(String customerId) {
                return currencies;
            }
        });
        fixture.registerInjectableResource((SubscriptionClocks) clock -> now);
    }

    private static SubscriptionCreated created(SubscriptionStatus status) {
        return new SubscriptionCreated(SUB, CUST, BASIC, null, status, PricingModel.FLAT_RATE, BASIC_PRICE,
                BillingInterval.MONTH, 1, 15, JAN_15_10H, JAN_15_10H, null, JANUARY, Map.of(), BASIC_PRICE);
    }

    private static SubscriptionCreated trialing() {
        BillingPeriod trial = BillingPeriod.of(JAN_15_10H, Instant.parse("2026-01-29T10:00:00Z"));
        return new SubscriptionCreated(SUB, CUST, BASIC, null, SubscriptionStatus.TRIALING, PricingModel.FLAT_RATE,
                BASIC_PRICE, BillingInterval.MONTH, 1, 28, trial.end(), JAN_15_10H, trial, trial, Map.of(),
                Money.zero("usd"));
    }

    @Test
    void subscribing_starts_the_first_period_at_once_on_the_start_day() {
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectEvents(created(SubscriptionStatus.ACTIVE));
    }

    @Test
    void a_plan_with_a_trial_starts_trialing_and_anchors_the_paid_periods_at_the_trial_end() {
        plans.put(BASIC, new PlanTerms(BASIC, PlanStatus.ACTIVE, PricingModel.FLAT_RATE, BASIC_PRICE,
                BillingInterval.MONTH, 14));
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectEvents(trialing());
    }

    @Test
    void an_anchor_day_makes_the_first_period_partial() {
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, 1, 1, Map.of()))
                .expectEvents(new SubscriptionCreated(SUB, CUST, BASIC, null, SubscriptionStatus.ACTIVE,
                        PricingModel.FLAT_RATE, BASIC_PRICE, BillingInterval.MONTH, 1, 1, JAN_15_10H, JAN_15_10H,
                        null, BillingPeriod.of(JAN_15_10H, Instant.parse("2026-02-01T10:00:00Z")), Map.of(),
                        Money.of(1700, "usd"))); // 17 of January's 31 days
    }

    @Test
    void an_unknown_customer_or_plan_is_refused() {
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, "cust_00000000-0000-0000-0000-0000000000ff", BASIC, null, 1, Map.of()))
                .expectException(InvalidRequestException.class);
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, "plan_00000000-0000-0000-0000-0000000000ff", null, 1, Map.of()))
                .expectException(InvalidRequestException.class);
    }

    @Test
    void an_archived_plan_accepts_no_new_subscription() {
        plans.put(BASIC, new PlanTerms(BASIC, PlanStatus.ARCHIVED, PricingModel.FLAT_RATE, BASIC_PRICE,
                BillingInterval.MONTH, 0));
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectException(ConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("archived"));
    }

    @Test
    void a_second_subscription_to_the_same_plan_or_in_another_currency_is_refused() {
        heldPlans.add(BASIC);
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectException(ConflictException.class);
        heldPlans.clear();
        currencies.add("eur");
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectException(ConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("eur"));
    }

    @Test
    void renewing_at_the_period_end_starts_the_next_period() {
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new RenewSubscription(SUB, FEB_15_10H))
                .expectEvents(new SubscriptionRenewed(SUB, JANUARY, BillingPeriod.of(FEB_15_10H, MAR_15_10H),
                        BASIC_PRICE));
    }

    @Test
    void renewing_twice_for_the_same_period_changes_nothing() {
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionRenewed(SUB, JANUARY, BillingPeriod.of(FEB_15_10H, MAR_15_10H)))
                .when(new RenewSubscription(SUB, FEB_15_10H))
                .expectNoEvents();
    }

    @Test
    void the_trial_end_starts_the_first_paid_period() {
        fixture.given(trialing())
                .when(new RenewSubscription(SUB, Instant.parse("2026-01-29T10:00:00Z")))
                .expectEvents(new TrialEnded(SUB, trialing().trial(), BillingPeriod.of(
                        Instant.parse("2026-01-29T10:00:00Z"), Instant.parse("2026-02-28T10:00:00Z")),
                        Money.of(3000, "usd"))); // 30 of the 31 days of [01-28, 02-28)
    }

    @Test
    void a_cancellation_scheduled_for_the_period_end_is_carried_out_then() {
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCancellationScheduled(SUB, FEB_15_10H, JAN_15_10H))
                .when(new RenewSubscription(SUB, FEB_15_10H))
                .expectEvents(new SubscriptionCanceled(SUB, FEB_15_10H, CancellationReason.PERIOD_END, List.of()));
    }

    @Test
    void a_trial_canceled_at_period_end_ends_at_the_trial_end_without_a_paid_period() {
        Instant trialEnd = Instant.parse("2026-01-29T10:00:00Z");
        fixture.given(trialing(), new SubscriptionCancellationScheduled(SUB, trialEnd, JAN_15_10H))
                .when(new RenewSubscription(SUB, trialEnd))
                .expectEvents(new SubscriptionCanceled(SUB, trialEnd, CancellationReason.PERIOD_END, List.of()));
    }

    @Test
    void an_upgrade_mid_period_credits_the_unused_time_and_debits_the_rest_to_the_second() {
        now = Instant.parse("2026-01-31T10:00:00Z"); // 15 of 31 days left
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new ChangeSubscriptionPlan(SUB, PRO, null, null))
                .expectEvents(new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE, PRO_PRICE,
                        BillingInterval.MONTH, 1, 1, ProrationBehavior.CREATE_PRORATIONS, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(3000, "usd"), 1, rest)),
                        now, JANUARY, 15, JAN_15_10H, PRO_PRICE));
    }

    @Test
    void a_change_with_proration_behavior_none_records_no_lines() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new ChangeSubscriptionPlan(SUB, PRO, null, ProrationBehavior.NONE))
                .expectEvents(new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE, PRO_PRICE,
                        BillingInterval.MONTH, 1, 1, ProrationBehavior.NONE, List.of(), now, JANUARY, 15, JAN_15_10H,
                        BASIC_PRICE)); // still charged at Basic
    }

    @Test
    void after_a_change_without_prorations_a_credit_is_for_what_was_charged_not_the_new_price() {
        now = Instant.parse("2026-01-31T10:00:00Z"); // 15 of 31 days left
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        SubscriptionPlanChanged toProUnbilled = new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE,
                PRO_PRICE, BillingInterval.MONTH, 1, 1, ProrationBehavior.NONE, List.of(),
                Instant.parse("2026-01-20T10:00:00Z"), JANUARY, 15, JAN_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE), toProUnbilled)
                .when(new CancelSubscription(SUB, false, true))
                // the period was charged at Basic (31.00): the credit is Basic's, not Pro's −3000
                .expectEvents(new SubscriptionCanceled(SUB, now, CancellationReason.REQUESTED, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest))));
    }

    @Test
    void a_quantity_change_prorates_the_seats() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new ChangeSubscriptionPlan(SUB, BASIC, 3L, ProrationBehavior.ALWAYS_INVOICE))
                .expectEvents(new SubscriptionQuantityChanged(SUB, 1, 3, ProrationBehavior.ALWAYS_INVOICE, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(4500, "usd"), 3, rest)),
                        now, Money.of(9300, "usd")));
    }

    @Test
    void a_change_in_a_short_first_period_credits_its_own_fee_not_the_full_period_s() {
        now = Instant.parse("2025-01-31T10:00:00Z"); // anchor capped at 28: 28 of the 31 days of [01-28, 02-28)
        BillingPeriod first = BillingPeriod.of(now, Instant.parse("2025-02-28T10:00:00Z"));
        fixture.givenNoPriorActivity()
                .when(new CreateSubscription(SUB, CUST, BASIC, null, 1, Map.of()))
                .expectEvents(new SubscriptionCreated(SUB, CUST, BASIC, null, SubscriptionStatus.ACTIVE,
                        PricingModel.FLAT_RATE, BASIC_PRICE, BillingInterval.MONTH, 1, 28, now, now, null, first,
                        Map.of(), Money.of(2800, "usd")));
        SubscriptionCreated created = new SubscriptionCreated(SUB, CUST, BASIC, null, SubscriptionStatus.ACTIVE,
                PricingModel.FLAT_RATE, BASIC_PRICE, BillingInterval.MONTH, 1, 28, now, now, null, first, Map.of(),
                Money.of(2800, "usd"));
        now = Instant.parse("2025-02-14T10:00:00Z"); // 14 of the 28 days remain: 1400 was charged for them
        BillingPeriod rest = BillingPeriod.of(now, first.end());
        fixture.given(created)
                .when(new ChangeSubscriptionPlan(SUB, BASIC, 2L, ProrationBehavior.ALWAYS_INVOICE))
                .expectEvents(new SubscriptionQuantityChanged(SUB, 1, 2, ProrationBehavior.ALWAYS_INVOICE, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1400, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(2800, "usd"), 2, rest)),
                        now, Money.of(5600, "usd")));
    }

    @Test
    void after_a_prorated_cancel_and_a_reactivation_a_change_credits_nothing_more() {
        BillingPeriod canceled = BillingPeriod.of(Instant.parse("2026-01-20T10:00:00Z"), FEB_15_10H);
        now = Instant.parse("2026-01-31T10:00:00Z"); // 15 of 31 days left, credited already at the cancel
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCanceled(SUB, canceled.start(), CancellationReason.REQUESTED, List.of(
                                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + canceled,
                                        Money.of(-2500, "usd"), 1, canceled))),
                        new SubscriptionReactivated(SUB, Instant.parse("2026-01-25T10:00:00Z"), JANUARY))
                .when(new ChangeSubscriptionPlan(SUB, PRO, null, ProrationBehavior.ALWAYS_INVOICE))
                .expectEvents(new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE, PRO_PRICE,
                        BillingInterval.MONTH, 1, 1, ProrationBehavior.ALWAYS_INVOICE, List.of(
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(3000, "usd"), 1, rest)),
                        now, JANUARY, 15, JAN_15_10H, PRO_PRICE));
    }

    @Test
    void pending_lines_are_held_by_the_subscription_and_the_event_that_invoices_them_names_them() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        List<ProrationLine> lines = List.of(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(3000, "usd"), 1, rest));
        SubscriptionPlanChanged waiting = new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE,
                PRO_PRICE, BillingInterval.MONTH, 1, 1, ProrationBehavior.CREATE_PRORATIONS, lines, now, JANUARY, 15,
                JAN_15_10H, PRO_PRICE);
        fixture.given(created(SubscriptionStatus.ACTIVE), waiting)
                .when(new RenewSubscription(SUB, FEB_15_10H))
                .expectEvents(new SubscriptionRenewed(SUB, JANUARY, BillingPeriod.of(FEB_15_10H, MAR_15_10H),
                        PRO_PRICE, lines));
        fixture.given(created(SubscriptionStatus.ACTIVE), waiting)
                .when(new InvoiceSubscriptionProrations(SUB, "inv_00000000-0000-0000-0000-000000000009"))
                .expectEvents(new SubscriptionProrationsInvoiced(SUB, "inv_00000000-0000-0000-0000-000000000009",
                        lines, now));
        fixture.given(created(SubscriptionStatus.ACTIVE), waiting,
                        new SubscriptionProrationsInvoiced(SUB, "inv_00000000-0000-0000-0000-000000000009", lines, now))
                .when(new InvoiceSubscriptionProrations(SUB, "inv_00000000-0000-0000-0000-000000000010"))
                .expectException(ConflictException.class);
        fixture.given(created(SubscriptionStatus.ACTIVE), waiting)
                .when(new CancelSubscription(SUB, false, false))
                .expectEvents(new SubscriptionCanceled(SUB, now, CancellationReason.REQUESTED, List.of(), lines));
    }

    @Test
    void an_invoiced_change_takes_the_lines_pending_before_it() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        List<ProrationLine> pending = List.of(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(3000, "usd"), 1, rest));
        fixture.given(created(SubscriptionStatus.ACTIVE), new SubscriptionPlanChanged(SUB, BASIC, PRO,
                        PricingModel.FLAT_RATE, PRO_PRICE, BillingInterval.MONTH, 1, 1,
                        ProrationBehavior.CREATE_PRORATIONS, pending, now, JANUARY, 15, JAN_15_10H, PRO_PRICE))
                .when(new ChangeSubscriptionPlan(SUB, BASIC, null, ProrationBehavior.ALWAYS_INVOICE))
                .expectEvents(new SubscriptionPlanChanged(SUB, PRO, BASIC, PricingModel.FLAT_RATE, BASIC_PRICE,
                        BillingInterval.MONTH, 1, 1, ProrationBehavior.ALWAYS_INVOICE, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-3000, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(1500, "usd"), 1, rest)),
                        now, JANUARY, 15, JAN_15_10H, BASIC_PRICE, pending));
    }

    @Test
    void a_change_to_a_yearly_plan_starts_a_new_calendar_at_the_change() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        // the anchor day is capped at 28: the first yearly period is 362 of 365 days
        BillingPeriod year = BillingPeriod.of(now, Instant.parse("2027-01-28T10:00:00Z"));
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new ChangeSubscriptionPlan(SUB, YEARLY, null, null))
                .expectEvents(new SubscriptionPlanChanged(SUB, BASIC, YEARLY, PricingModel.FLAT_RATE,
                        Money.of(36500, "usd"), BillingInterval.YEAR, 1, 1, ProrationBehavior.CREATE_PRORATIONS, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + year, Money.of(36200, "usd"), 1, year)),
                        now, year, 28, now, Money.of(36200, "usd")));
    }

    @Test
    void a_change_of_interval_with_proration_behavior_none_is_refused_as_its_new_period_would_go_uncharged() {
        // found by SubscriptionMoneyProperties: monthly → yearly with `none` started a new yearly period
        // charged nothing (no line, charged fee zero), so the customer had the year for free
        now = Instant.parse("2026-01-31T10:00:00Z");
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new ChangeSubscriptionPlan(SUB, YEARLY, null, ProrationBehavior.NONE))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("not none"))
                .expectNoEvents();
    }

    @Test
    void during_a_trial_a_change_of_interval_with_proration_behavior_none_is_accepted() {
        now = Instant.parse("2026-01-20T10:00:00Z");
        fixture.given(trialing())
                .when(new ChangeSubscriptionPlan(SUB, YEARLY, null, ProrationBehavior.NONE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_quantity_change_after_a_move_to_per_unit_with_none_credits_the_flat_fee_still_charged() {
        // found by SubscriptionMoneyProperties: Basic 31.00 charged for [01-15, 02-15); on 01-20 to a per-unit
        // plan with `none` (the period stays charged at Basic); on 01-31 10:00 (15 of 31 days left) 1 → 3 seats
        // with create_prorations charges the period anew at per-unit terms (no fee), so the 1500 charged for the
        // rest is credited. It was dropped (no line) while the charged fee went to zero: 3100 kept for 5 days.
        SubscriptionPlanChanged toMeteredUnbilled = new SubscriptionPlanChanged(SUB, BASIC, METERED,
                PricingModel.PER_UNIT, Money.of(25, "usd"), BillingInterval.MONTH, 1, 1, ProrationBehavior.NONE,
                List.of(), Instant.parse("2026-01-20T10:00:00Z"), JANUARY, 15, JAN_15_10H, BASIC_PRICE);
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE), toMeteredUnbilled)
                .when(new ChangeSubscriptionPlan(SUB, METERED, 3L, ProrationBehavior.CREATE_PRORATIONS))
                .expectEvents(new SubscriptionQuantityChanged(SUB, 1, 3, ProrationBehavior.CREATE_PRORATIONS, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest)),
                        now, Money.zero("usd")));
    }

    @Test
    void an_immediate_cancel_with_prorate_credits_the_unused_time() {
        now = Instant.parse("2026-01-31T10:00:00Z");
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE))
                .when(new CancelSubscription(SUB, false, true))
                .expectEvents(new SubscriptionCanceled(SUB, now, CancellationReason.REQUESTED, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest))));
    }

    @Test
    void reactivation_after_the_paid_period_ended_is_refused() {
        now = Instant.parse("2026-02-20T00:00:00Z");
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCanceled(SUB, Instant.parse("2026-01-20T00:00:00Z"), CancellationReason.REQUESTED,
                                List.of()))
                .when(new ReactivateSubscription(SUB))
                .expectException(ConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("paid period ended"));
    }

    @Test
    void reactivating_a_cancel_that_credited_the_unused_time_charges_the_time_from_then_on_again() {
        Instant canceledAt = Instant.parse("2026-01-25T10:00:00Z"); // 21 of 31 days credited: −2100
        BillingPeriod credited = BillingPeriod.of(canceledAt, FEB_15_10H);
        now = Instant.parse("2026-01-31T10:00:00Z"); // reactivated with 15 of 31 days left: +1500
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCanceled(SUB, canceledAt, CancellationReason.REQUESTED, List.of(
                                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + credited,
                                        Money.of(-2100, "usd"), 1, credited))))
                .when(new ReactivateSubscription(SUB))
                .expectEvents(new SubscriptionReactivated(SUB, now, JANUARY, List.of(new ProrationLine(
                        LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(1500, "usd"), 1, rest)),
                        BASIC_PRICE));
    }

    @Test
    void after_a_reactivation_that_charged_again_a_change_credits_what_was_charged() {
        Instant canceledAt = Instant.parse("2026-01-25T10:00:00Z");
        BillingPeriod credited = BillingPeriod.of(canceledAt, FEB_15_10H);
        now = Instant.parse("2026-01-31T10:00:00Z"); // 15 of 31 days left
        BillingPeriod rest = BillingPeriod.of(now, FEB_15_10H);
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCanceled(SUB, canceledAt, CancellationReason.REQUESTED, List.of(
                                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + credited,
                                        Money.of(-2100, "usd"), 1, credited))),
                        new SubscriptionReactivated(SUB, canceledAt, JANUARY, List.of(), BASIC_PRICE))
                .when(new ChangeSubscriptionPlan(SUB, PRO, null, ProrationBehavior.ALWAYS_INVOICE))
                .expectEvents(new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE, PRO_PRICE,
                        BillingInterval.MONTH, 1, 1, ProrationBehavior.ALWAYS_INVOICE, List.of(
                        new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, Money.of(-1500, "usd"), 1, rest),
                        new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, Money.of(3000, "usd"), 1, rest)),
                        now, JANUARY, 15, JAN_15_10H, PRO_PRICE));
    }

    @Test
    void reactivation_clears_a_scheduled_cancellation() {
        now = Instant.parse("2026-01-20T00:00:00Z");
        fixture.given(created(SubscriptionStatus.ACTIVE),
                        new SubscriptionCancellationScheduled(SUB, FEB_15_10H, JAN_15_10H))
                .when(new ReactivateSubscription(SUB))
                .expectEvents(new SubscriptionReactivated(SUB, now, JANUARY));
    }

    @Test
    void resuming_after_the_period_ended_starts_a_partial_period_on_the_same_anchor() {
        now = Instant.parse("2026-03-01T00:00:00Z");
        fixture.given(created(SubscriptionStatus.ACTIVE), new SubscriptionPaused(SUB, Instant.parse("2026-01-20T00:00:00Z")))
                .when(new ResumeSubscription(SUB))
                .expectEvents(new SubscriptionResumed(SUB, now, BillingPeriod.of(now, MAR_15_10H),
                        Money.of(1596, "usd"))); // 14 d 10 h of the 28 days of [02-15, 03-15)
    }

    // ---- the state machine, transition by transition ----

    private static List<Object> history(SubscriptionStatus status) {
        Instant inPeriod = Instant.parse("2026-01-20T00:00:00Z");
        return switch (status) {
            case TRIALING -> List.of(trialing());
            case ACTIVE -> List.of(created(SubscriptionStatus.ACTIVE));
            case PAST_DUE -> List.of(created(SubscriptionStatus.ACTIVE),
                    new SubscriptionMarkedPastDue(SUB, "inv_1", inPeriod));
            case PAUSED -> List.of(created(SubscriptionStatus.ACTIVE), new SubscriptionPaused(SUB, inPeriod));
            case CANCELED -> List.of(created(SubscriptionStatus.ACTIVE),
                    new SubscriptionCanceled(SUB, inPeriod, CancellationReason.REQUESTED, List.of()));
        };
    }

    static Stream<Arguments> transitions() {
        Instant at = Instant.parse("2026-01-25T00:00:00Z");
        List<Arguments> all = new ArrayList<>();
        for (SubscriptionStatus from : SubscriptionStatus.values()) {
            all.add(arguments(from, "cancel", new CancelSubscription(SUB, false, false), SubscriptionStatus.CANCELED,
                    new SubscriptionCanceled(SUB, at, CancellationReason.REQUESTED, List.of())));
            all.add(arguments(from, "pause", new PauseSubscription(SUB), SubscriptionStatus.PAUSED,
                    new SubscriptionPaused(SUB, at)));
            all.add(arguments(from, "mark past due", new MarkSubscriptionPastDue(SUB, "inv_1"),
                    SubscriptionStatus.PAST_DUE, new SubscriptionMarkedPastDue(SUB, "inv_1", at)));
            all.add(arguments(from, "resume", new ResumeSubscription(SUB), SubscriptionStatus.ACTIVE,
                    new SubscriptionResumed(SUB, at, JANUARY, Money.zero("usd"))));
            all.add(arguments(from, "reactivate", new ReactivateSubscription(SUB), SubscriptionStatus.ACTIVE,
                    new SubscriptionReactivated(SUB, at, JANUARY)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("transitions")
    void each_transition_happens_exactly_when_the_state_machine_allows_it(SubscriptionStatus from, String action,
                                                                          Object command, SubscriptionStatus to,
                                                                          Object expected) {
        now = Instant.parse("2026-01-25T00:00:00Z");
        boolean allowed = switch (action) {
            case "resume" -> from == SubscriptionStatus.PAUSED;
            case "reactivate" -> from == SubscriptionStatus.CANCELED;
            case "mark past due" -> SubscriptionLifecycle.allows(from, to) || from == SubscriptionStatus.PAST_DUE;
            default -> SubscriptionLifecycle.allows(from, to);
        };
        var result = fixture.given(history(from)).when(command);
        if (!allowed && action.equals("mark past due")) {
            result.expectSuccessfulHandlerExecution().expectNoEvents(); // sent by dunning in its transaction: never refuses
        } else if (!allowed) {
            String allowedList = String.join(", ", SubscriptionLifecycle.allowedFrom(from).stream()
                    .map(SubscriptionStatus::wire).toList());
            result.expectException(ConflictException.class).expectNoEvents()
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                            "allowed from " + from.wire() + ": " + allowedList));
        } else if (from == SubscriptionStatus.PAST_DUE && action.equals("mark past due")) {
            result.expectNoEvents(); // said twice by dunning: nothing new
        } else {
            result.expectEvents(expected);
        }
    }

    @Test
    void a_payment_recovers_a_past_due_subscription_once() {
        now = Instant.parse("2026-01-25T00:00:00Z");
        fixture.given(history(SubscriptionStatus.PAST_DUE))
                .when(new RecoverSubscription(SUB, "inv_1"))
                .expectEvents(new SubscriptionRecovered(SUB, "inv_1", now));
        fixture.given(history(SubscriptionStatus.ACTIVE))
                .when(new RecoverSubscription(SUB, "inv_1"))
                .expectNoEvents();
    }

    @Test
    void dunning_pauses_and_its_payment_resumes_but_an_operator_pause_stands() {
        now = Instant.parse("2026-01-25T00:00:00Z");
        fixture.given(history(SubscriptionStatus.PAST_DUE))
                .when(new io.billing.ledger.api.subscription.PauseSubscriptionForNonPayment(SUB, "inv_1"))
                .expectEvents(new SubscriptionPaused(SUB, now, "inv_1"));
        fixture.given(history(SubscriptionStatus.PAST_DUE)).andGiven(new SubscriptionPaused(SUB, now, "inv_1"))
                .when(new RecoverSubscription(SUB, "inv_1"))
                .expectEvents(new SubscriptionResumed(SUB, now, JANUARY, Money.zero("usd")));
        fixture.given(history(SubscriptionStatus.PAUSED))
                .when(new RecoverSubscription(SUB, "inv_1"))
                .expectNoEvents();
        fixture.given(history(SubscriptionStatus.CANCELED))
                .when(new io.billing.ledger.api.subscription.PauseSubscriptionForNonPayment(SUB, "inv_1"))
                .expectNoEvents();
    }

    @Test
    void dunning_cancels_with_reason_payment_failed_and_a_canceled_subscription_stays() {
        now = Instant.parse("2026-01-25T00:00:00Z");
        fixture.given(history(SubscriptionStatus.PAUSED))
                .when(new io.billing.ledger.api.subscription.CancelSubscriptionForNonPayment(SUB, "inv_1"))
                .expectEvents(new SubscriptionCanceled(SUB, now, CancellationReason.PAYMENT_FAILED, List.of(), List.of()));
        fixture.given(history(SubscriptionStatus.CANCELED))
                .when(new io.billing.ledger.api.subscription.CancelSubscriptionForNonPayment(SUB, "inv_1"))
                .expectNoEvents();
    }
}
