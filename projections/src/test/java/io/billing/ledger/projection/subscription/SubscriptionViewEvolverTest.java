package io.billing.ledger.projection.subscription;

import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCancellationScheduled;
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
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.api.subscription.TrialEnded;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionViewEvolverTest {

    private static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-000000000001";
    private static final String BASIC = "plan_00000000-0000-0000-0000-000000000001";
    private static final String PRO = "plan_00000000-0000-0000-0000-000000000002";
    private static final String CLOCK = "clk_00000000-0000-0000-0000-000000000001";

    private static final Instant JAN_1 = at("2026-01-01T00:00:00Z");
    private static final Instant JAN_15 = at("2026-01-15T00:00:00Z");
    private static final Instant JAN_20 = at("2026-01-20T00:00:00Z");
    private static final Instant FEB_15 = at("2026-02-15T00:00:00Z");
    private static final Instant MAR_15 = at("2026-03-15T00:00:00Z");
    private static final BillingPeriod TRIAL = BillingPeriod.of(JAN_1, JAN_15);
    private static final BillingPeriod FIRST = BillingPeriod.of(JAN_15, FEB_15);
    private static final BillingPeriod SECOND = BillingPeriod.of(FEB_15, MAR_15);

    private static final ProrationLine CREDIT = new ProrationLine(LineType.PRORATION_CREDIT,
            "Unused time on Basic", usd(-700), 1, BillingPeriod.of(JAN_20, FEB_15));
    private static final ProrationLine DEBIT = new ProrationLine(LineType.PRORATION_DEBIT,
            "Remaining time on Pro", usd(1700), 1, BillingPeriod.of(JAN_20, FEB_15));
    /** The same lines as the API shows them: the invoice line shape, on no invoice yet. */
    private static final InvoiceView.Line PENDING_CREDIT = new InvoiceView.Line(null, null, "proration_credit",
            "Unused time on Basic", 1, -700, -700, JAN_20, FEB_15, Map.of());
    private static final InvoiceView.Line PENDING_DEBIT = new InvoiceView.Line(null, null, "proration_debit",
            "Remaining time on Pro", 1, 1700, 1700, JAN_20, FEB_15, Map.of());

    private static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }

    private static SubscriptionCreated created(SubscriptionStatus status, BillingPeriod trial, BillingPeriod period) {
        return new SubscriptionCreated(SUB, CUSTOMER, BASIC, CLOCK, status, PricingModel.PER_UNIT, usd(1000),
                BillingInterval.MONTH, 2, 15, trial == null ? period.start() : trial.end(), JAN_1, trial, period,
                Map.of("team", "core"));
    }

    private static SubscriptionView trialing() {
        return SubscriptionViewEvolver.apply(null, created(SubscriptionStatus.TRIALING, TRIAL, TRIAL), JAN_1, 0);
    }

    private static SubscriptionView active() {
        return SubscriptionViewEvolver.apply(null, created(SubscriptionStatus.ACTIVE, null, FIRST), JAN_15, 0);
    }

    private static SubscriptionView apply(SubscriptionView view, Object event, Instant at, long version) {
        return SubscriptionViewEvolver.apply(view, event, at, version);
    }

    private static SubscriptionPlanChanged planChanged(ProrationBehavior behavior) {
        return new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE, usd(3000), BillingInterval.MONTH,
                2, 3, behavior, List.of(CREDIT, DEBIT), JAN_20, FIRST, 15, JAN_15);
    }

    private static SubscriptionQuantityChanged quantityChanged(ProrationBehavior behavior) {
        return new SubscriptionQuantityChanged(SUB, 2, 3, behavior, List.of(DEBIT), JAN_20);
    }

    @Nested
    class Creation {

        @Test
        void sets_every_field_from_the_event() {
            SubscriptionView view = trialing();

            assertThat(view.id()).isEqualTo(SUB);
            assertThat(view.customerId()).isEqualTo(CUSTOMER);
            assertThat(view.planId()).isEqualTo(BASIC);
            assertThat(view.status()).isEqualTo(SubscriptionStatus.TRIALING);
            assertThat(view.pricingModel()).isEqualTo(PricingModel.PER_UNIT);
            assertThat(view.unitAmountCents()).isEqualTo(1000);
            assertThat(view.currency()).isEqualTo("usd");
            assertThat(view.billingInterval()).isEqualTo(BillingInterval.MONTH);
            assertThat(view.quantity()).isEqualTo(2);
            assertThat(view.billingAnchorDay()).isEqualTo(15);
            assertThat(view.currentPeriodStart()).isEqualTo(JAN_1);
            assertThat(view.currentPeriodEnd()).isEqualTo(JAN_15);
            assertThat(view.trialStart()).isEqualTo(JAN_1);
            assertThat(view.trialEnd()).isEqualTo(JAN_15);
            assertThat(view.cancelAtPeriodEnd()).isFalse();
            assertThat(view.canceledAt()).isNull();
            assertThat(view.cancellationReason()).isNull();
            assertThat(view.pausedAt()).isNull();
            assertThat(view.nextRenewalAt()).isEqualTo(JAN_15);
            assertThat(view.testClockId()).isEqualTo(CLOCK);
            assertThat(view.pendingProrationLines()).isEmpty();
            assertThat(view.metadata()).isEqualTo(Map.of("team", "core"));
            assertThat(view.createdAt()).isEqualTo(JAN_1);
            assertThat(view.updatedAt()).isEqualTo(JAN_1);
            assertThat(view.version()).isZero();
        }

        @Test
        void without_a_trial_leaves_the_trial_empty() {
            SubscriptionView view = active();

            assertThat(view.trialStart()).isNull();
            assertThat(view.trialEnd()).isNull();
            assertThat(view.currentPeriodStart()).isEqualTo(JAN_15);
            assertThat(view.currentPeriodEnd()).isEqualTo(FEB_15);
        }

        @Test
        void without_metadata_shows_an_empty_map() {
            SubscriptionCreated event = new SubscriptionCreated(SUB, CUSTOMER, BASIC, null, SubscriptionStatus.ACTIVE,
                    PricingModel.FLAT_RATE, usd(1000), BillingInterval.MONTH, 1, 15, JAN_15, JAN_15, null, FIRST,
                    null);

            assertThat(apply(null, event, JAN_15, 0).metadata()).isEmpty();
        }
    }

    @Test
    void ending_the_trial_starts_the_first_paid_period() {
        SubscriptionView view = apply(trialing(), new TrialEnded(SUB, TRIAL, FIRST), JAN_15, 1);

        assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(view.currentPeriodStart()).isEqualTo(JAN_15);
        assertThat(view.currentPeriodEnd()).isEqualTo(FEB_15);
        assertThat(view.trialStart()).isEqualTo(JAN_1);
        assertThat(view.trialEnd()).isEqualTo(JAN_15);
        assertThat(view.nextRenewalAt()).isEqualTo(FEB_15);
    }

    @Test
    void renewing_moves_to_the_new_period_and_clears_the_pending_lines() {
        SubscriptionView withLines = apply(active(), planChanged(ProrationBehavior.CREATE_PRORATIONS), JAN_20, 1);

        SubscriptionView view = apply(withLines, new SubscriptionRenewed(SUB, FIRST, SECOND), FEB_15, 2);

        assertThat(view.currentPeriodStart()).isEqualTo(FEB_15);
        assertThat(view.currentPeriodEnd()).isEqualTo(MAR_15);
        assertThat(view.nextRenewalAt()).isEqualTo(MAR_15);
        assertThat(view.pendingProrationLines()).isEmpty();
    }

    @Nested
    class PlanChange {

        @Test
        void takes_the_new_plan_price_quantity_and_calendar() {
            BillingPeriod yearly = BillingPeriod.of(JAN_20, at("2027-01-20T00:00:00Z"));
            SubscriptionPlanChanged event = new SubscriptionPlanChanged(SUB, BASIC, PRO, PricingModel.FLAT_RATE,
                    usd(30000), BillingInterval.YEAR, 2, 5, ProrationBehavior.NONE, List.of(), JAN_20, yearly, 20,
                    JAN_20);

            SubscriptionView view = apply(active(), event, JAN_20, 1);

            assertThat(view.planId()).isEqualTo(PRO);
            assertThat(view.pricingModel()).isEqualTo(PricingModel.FLAT_RATE);
            assertThat(view.unitAmountCents()).isEqualTo(30000);
            assertThat(view.currency()).isEqualTo("usd");
            assertThat(view.billingInterval()).isEqualTo(BillingInterval.YEAR);
            assertThat(view.quantity()).isEqualTo(5);
            assertThat(view.currentPeriodStart()).isEqualTo(JAN_20);
            assertThat(view.currentPeriodEnd()).isEqualTo(yearly.end());
            assertThat(view.billingAnchorDay()).isEqualTo(20);
            assertThat(view.nextRenewalAt()).isEqualTo(yearly.end());
        }

        @Test
        void with_create_prorations_keeps_the_lines_for_the_next_invoice() {
            SubscriptionView view = apply(active(), planChanged(ProrationBehavior.CREATE_PRORATIONS), JAN_20, 1);

            assertThat(view.pendingProrationLines()).containsExactly(PENDING_CREDIT, PENDING_DEBIT);
        }

        @Test
        void with_always_invoice_leaves_nothing_pending() {
            SubscriptionView view = apply(active(), planChanged(ProrationBehavior.ALWAYS_INVOICE), JAN_20, 1);

            assertThat(view.pendingProrationLines()).isEmpty();
        }

        @Test
        void with_none_leaves_nothing_pending() {
            SubscriptionView view = apply(active(), planChanged(ProrationBehavior.NONE), JAN_20, 1);

            assertThat(view.pendingProrationLines()).isEmpty();
        }

        @Test
        void a_second_change_appends_to_the_lines_already_pending() {
            SubscriptionView once = apply(active(), planChanged(ProrationBehavior.CREATE_PRORATIONS), JAN_20, 1);

            SubscriptionView twice = apply(once, quantityChanged(ProrationBehavior.CREATE_PRORATIONS), JAN_20, 2);

            assertThat(twice.pendingProrationLines()).containsExactly(PENDING_CREDIT, PENDING_DEBIT, PENDING_DEBIT);
        }
    }

    @Nested
    class QuantityChange {

        @Test
        void takes_the_new_quantity_and_keeps_the_period() {
            SubscriptionView view = apply(active(), quantityChanged(ProrationBehavior.NONE), JAN_20, 1);

            assertThat(view.quantity()).isEqualTo(3);
            assertThat(view.planId()).isEqualTo(BASIC);
            assertThat(view.currentPeriodStart()).isEqualTo(JAN_15);
            assertThat(view.currentPeriodEnd()).isEqualTo(FEB_15);
        }

        @Test
        void with_create_prorations_keeps_the_lines_for_the_next_invoice() {
            SubscriptionView view = apply(active(), quantityChanged(ProrationBehavior.CREATE_PRORATIONS), JAN_20, 1);

            assertThat(view.pendingProrationLines()).containsExactly(PENDING_DEBIT);
        }

        @Test
        void with_always_invoice_leaves_nothing_pending() {
            SubscriptionView view = apply(active(), quantityChanged(ProrationBehavior.ALWAYS_INVOICE), JAN_20, 1);

            assertThat(view.pendingProrationLines()).isEmpty();
        }

        @Test
        void with_none_leaves_nothing_pending() {
            SubscriptionView view = apply(active(), quantityChanged(ProrationBehavior.NONE), JAN_20, 1);

            assertThat(view.pendingProrationLines()).isEmpty();
        }
    }

    @Nested
    class Cancellation {

        @Test
        void scheduling_it_keeps_the_subscription_active_until_the_period_ends() {
            SubscriptionView view = apply(active(), new SubscriptionCancellationScheduled(SUB, FEB_15, JAN_20),
                    JAN_20, 1);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
            assertThat(view.cancelAtPeriodEnd()).isTrue();
            assertThat(view.canceledAt()).isEqualTo(JAN_20);
            assertThat(view.nextRenewalAt()).isEqualTo(FEB_15);
        }

        @Test
        void canceling_ends_the_subscription_and_its_final_invoice_takes_the_pending_lines_and_the_credit() {
            SubscriptionView withLines = apply(active(), quantityChanged(ProrationBehavior.CREATE_PRORATIONS),
                    JAN_20, 1);
            SubscriptionView scheduled = apply(withLines, new SubscriptionCancellationScheduled(SUB, FEB_15, JAN_20),
                    JAN_20, 2);

            SubscriptionView view = apply(scheduled,
                    new SubscriptionCanceled(SUB, JAN_20, CancellationReason.REQUESTED, List.of(CREDIT)), JAN_20, 3);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.CANCELED);
            assertThat(view.canceledAt()).isEqualTo(JAN_20);
            assertThat(view.cancellationReason()).isEqualTo(CancellationReason.REQUESTED);
            assertThat(view.cancelAtPeriodEnd()).isFalse();
            assertThat(view.pendingProrationLines()).isEmpty(); // nothing waits: the cancel invoiced it all
            assertThat(view.nextRenewalAt()).isNull();
        }

        @Test
        void canceling_without_proration_adds_no_line() {
            SubscriptionView view = apply(active(),
                    new SubscriptionCanceled(SUB, FEB_15, CancellationReason.PERIOD_END, List.of()), FEB_15, 1);

            assertThat(view.pendingProrationLines()).isEmpty();
            assertThat(view.cancellationReason()).isEqualTo(CancellationReason.PERIOD_END);
        }

        @Test
        void reactivating_undoes_the_cancellation() {
            SubscriptionView canceled = apply(active(),
                    new SubscriptionCanceled(SUB, JAN_20, CancellationReason.REQUESTED, List.of()), JAN_20, 1);

            SubscriptionView view = apply(canceled, new SubscriptionReactivated(SUB, JAN_20, FIRST), JAN_20, 2);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
            assertThat(view.cancelAtPeriodEnd()).isFalse();
            assertThat(view.canceledAt()).isNull();
            assertThat(view.cancellationReason()).isNull();
            assertThat(view.currentPeriodStart()).isEqualTo(JAN_15);
            assertThat(view.currentPeriodEnd()).isEqualTo(FEB_15);
            assertThat(view.nextRenewalAt()).isEqualTo(FEB_15);
        }

        @Test
        void reactivating_a_scheduled_cancellation_clears_the_schedule() {
            SubscriptionView scheduled = apply(active(), new SubscriptionCancellationScheduled(SUB, FEB_15, JAN_20),
                    JAN_20, 1);

            SubscriptionView view = apply(scheduled, new SubscriptionReactivated(SUB, JAN_20, FIRST), JAN_20, 2);

            assertThat(view.cancelAtPeriodEnd()).isFalse();
            assertThat(view.canceledAt()).isNull();
        }
    }

    @Nested
    class Pause {

        @Test
        void pausing_stops_renewals() {
            SubscriptionView view = apply(active(), new SubscriptionPaused(SUB, JAN_20), JAN_20, 1);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.PAUSED);
            assertThat(view.pausedAt()).isEqualTo(JAN_20);
            assertThat(view.nextRenewalAt()).isNull();
        }

        @Test
        void resuming_takes_the_period_it_resumes_in() {
            BillingPeriod partial = BillingPeriod.of(at("2026-02-20T00:00:00Z"), MAR_15);
            SubscriptionView paused = apply(active(), new SubscriptionPaused(SUB, JAN_20), JAN_20, 1);

            SubscriptionView view = apply(paused, new SubscriptionResumed(SUB, partial.start(), partial),
                    partial.start(), 2);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
            assertThat(view.pausedAt()).isNull();
            assertThat(view.currentPeriodStart()).isEqualTo(partial.start());
            assertThat(view.currentPeriodEnd()).isEqualTo(MAR_15);
            assertThat(view.nextRenewalAt()).isEqualTo(MAR_15);
        }
    }

    @Nested
    class Dunning {

        private static final String INVOICE = "inv_00000000-0000-0000-0000-000000000001";

        @Test
        void a_failed_payment_makes_it_past_due_and_it_still_renews() {
            SubscriptionView view = apply(active(), new SubscriptionMarkedPastDue(SUB, INVOICE, JAN_20), JAN_20, 1);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
            assertThat(view.nextRenewalAt()).isEqualTo(FEB_15);
        }

        @Test
        void a_recovered_payment_makes_it_active_again() {
            SubscriptionView pastDue = apply(active(), new SubscriptionMarkedPastDue(SUB, INVOICE, JAN_20), JAN_20, 1);

            SubscriptionView view = apply(pastDue, new SubscriptionRecovered(SUB, INVOICE, JAN_20), JAN_20, 2);

            assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
            assertThat(view.nextRenewalAt()).isEqualTo(FEB_15);
        }
    }

    @Test
    void every_known_event_records_when_and_at_which_version_it_applied() {
        SubscriptionView view = apply(active(), new SubscriptionPaused(SUB, JAN_20), FEB_15, 7);

        assertThat(view.updatedAt()).isEqualTo(FEB_15);
        assertThat(view.version()).isEqualTo(7);
        assertThat(view.createdAt()).isEqualTo(JAN_15);
    }

    @Test
    void next_renewal_is_the_period_end_only_while_the_subscription_is_billed() {
        assertThat(SubscriptionViewEvolver.nextRenewalAt(SubscriptionStatus.TRIALING, FEB_15)).isEqualTo(FEB_15);
        assertThat(SubscriptionViewEvolver.nextRenewalAt(SubscriptionStatus.ACTIVE, FEB_15)).isEqualTo(FEB_15);
        assertThat(SubscriptionViewEvolver.nextRenewalAt(SubscriptionStatus.PAST_DUE, FEB_15)).isEqualTo(FEB_15);
        assertThat(SubscriptionViewEvolver.nextRenewalAt(SubscriptionStatus.PAUSED, FEB_15)).isNull();
        assertThat(SubscriptionViewEvolver.nextRenewalAt(SubscriptionStatus.CANCELED, FEB_15)).isNull();
    }

    @Test
    void an_unknown_event_leaves_the_view_unchanged() {
        SubscriptionView before = active();

        SubscriptionView after = apply(before, new PlanArchived(BASIC), FEB_15, 9);

        assertThat(after).isSameAs(before);
    }

    @Test
    void an_event_before_the_creation_leaves_no_view() {
        assertThat(apply(null, new SubscriptionPaused(SUB, JAN_20), JAN_20, 1)).isNull();
        assertThat(apply(null, "not an event", JAN_20, 1)).isNull();
    }
}
