package io.billing.ledger.command.invoice;

import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.invoice.InvoiceGenerator.ProposedInvoice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator is a pure function of an event, the terms before it and usage: each case by itself. */
class InvoiceGeneratorTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final BillingPeriod JANUARY = BillingPeriod.of(JAN, FEB);
    private static final BillingPeriod FEBRUARY = BillingPeriod.of(FEB, MAR);
    private static final UsageCounter USAGE = new UsageCounter() {
        @Override
        public long count(String subscriptionId, Instant periodStart) {
            return periodStart.equals(JAN) ? 40 : 0;
        }

        @Override
        public long lockAndCount(String subscriptionId, Instant periodStart) {
            return count(subscriptionId, periodStart);
        }
    };

    @Test
    void a_subscription_without_trial_is_invoiced_its_first_period_fee_as_the_event_decided_it() {
        SubscriptionCreated created = created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, Money.of(2800, "usd"));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(created, null, USAGE).orElseThrow();

        assertThat(invoice.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CREATE);
        assertThat(invoice.period()).isEqualTo(JANUARY);
        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(LineType.PLAN_CHARGE);
            assertThat(line.amount()).isEqualTo(Money.of(2800, "usd")); // the event's fee, not recomputed
        });
    }

    @Test
    void a_trial_or_a_metered_plan_invoices_nothing_at_creation() {
        assertThat(InvoiceGenerator.invoiceFor(created(SubscriptionStatus.TRIALING, PricingModel.FLAT_RATE, null),
                null, USAGE)).isEmpty();
        assertThat(InvoiceGenerator.invoiceFor(created(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, null),
                null, USAGE)).isEmpty();
    }

    @Test
    void a_trial_end_invoices_the_first_paid_period() {
        SubscriptionTerms trialing = SubscriptionTerms.of(created(SubscriptionStatus.TRIALING, PricingModel.FLAT_RATE, null));
        TrialEnded ended = new TrialEnded("sub_1", BillingPeriod.of(JAN.minusSeconds(86_400 * 14), JAN), JANUARY,
                Money.of(3100, "usd"));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(ended, trialing, USAGE).orElseThrow();

        assertThat(invoice.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CYCLE);
        assertThat(invoice.at()).isEqualTo(JAN);
        assertThat(invoice.lines()).extracting(line -> line.amount().amount()).containsExactly(3100L);
    }

    @Test
    void a_metered_renewal_bills_the_ended_period_usage_in_arrears_and_the_pending_lines_it_took() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, null));
        ProrationLine pending = new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time", Money.of(500, "usd"), 1,
                BillingPeriod.of(Instant.parse("2026-01-16T00:00:00Z"), FEB));
        SubscriptionRenewed renewed = new SubscriptionRenewed("sub_1", JANUARY, FEBRUARY, null, List.of(pending));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(renewed, terms, USAGE).orElseThrow();

        assertThat(invoice.period()).isEqualTo(FEBRUARY);
        assertThat(invoice.at()).isEqualTo(FEB);
        assertThat(invoice.lines()).extracting(line -> line.type(), line -> line.quantity(), line -> line.amount().amount())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LineType.USAGE_CHARGE, 40L, 1000L),
                        org.assertj.core.groups.Tuple.tuple(LineType.PRORATION_DEBIT, 1L, 500L));
    }

    @Test
    void an_always_invoice_change_covers_the_span_of_its_lines_and_create_prorations_waits() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));
        Instant mid = Instant.parse("2026-01-16T00:00:00Z");
        List<ProrationLine> lines = List.of(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time", Money.of(-1500, "usd"), 1,
                        BillingPeriod.of(mid, FEB)),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time", Money.of(3000, "usd"), 2,
                        BillingPeriod.of(mid, FEB)));

        Optional<ProposedInvoice> now = InvoiceGenerator.invoiceFor(new SubscriptionQuantityChanged("sub_1", 1, 2,
                ProrationBehavior.ALWAYS_INVOICE, lines, mid, Money.of(3100, "usd"), List.of()), terms, USAGE);
        Optional<ProposedInvoice> later = InvoiceGenerator.invoiceFor(new SubscriptionQuantityChanged("sub_1", 1, 2,
                ProrationBehavior.CREATE_PRORATIONS, lines, mid, Money.of(3100, "usd"), List.of()), terms, USAGE);

        assertThat(now).get().satisfies(invoice -> {
            assertThat(invoice.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_UPDATE);
            assertThat(invoice.period()).isEqualTo(BillingPeriod.of(mid, FEB)); // never null: the lines' span
            assertThat(invoice.lines()).hasSize(2);
        });
        assertThat(later).isEmpty();
    }

    @Test
    void a_cancel_without_anything_to_bill_invoices_nothing() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));

        assertThat(InvoiceGenerator.invoiceFor(new SubscriptionCanceled("sub_1", Instant.parse("2026-01-20T00:00:00Z"),
                CancellationReason.REQUESTED, List.of(), List.of()), terms, USAGE)).isEmpty();
    }

    @Test
    void a_metered_cancel_bills_the_current_period_usage_unless_it_was_trialing() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, null));
        SubscriptionCanceled canceled = new SubscriptionCanceled("sub_1", Instant.parse("2026-01-20T00:00:00Z"),
                CancellationReason.REQUESTED, List.of(), List.of());

        assertThat(InvoiceGenerator.invoiceFor(canceled, terms, USAGE)).get()
                .satisfies(invoice -> assertThat(invoice.lines()).extracting(line -> line.amount().amount())
                        .containsExactly(1000L));
        SubscriptionTerms trialing = SubscriptionTerms.of(created(SubscriptionStatus.TRIALING, PricingModel.PER_UNIT, null));
        assertThat(InvoiceGenerator.invoiceFor(canceled, trialing, USAGE)).isEmpty();
    }

    @Test
    void terms_fold_from_the_events_so_a_later_invoice_sees_the_quantity_and_period_of_its_time() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null))
                .evolve(new SubscriptionQuantityChanged("sub_1", 1, 3, ProrationBehavior.NONE, List.of(),
                        Instant.parse("2026-01-10T00:00:00Z"), Money.of(3100, "usd"), List.of()))
                .evolve(new SubscriptionRenewed("sub_1", JANUARY, FEBRUARY, Money.of(9300, "usd"), List.of()))
                .evolve(new SubscriptionReactivated("sub_1", FEB, FEBRUARY));

        assertThat(terms.quantity()).isEqualTo(3);
        assertThat(terms.period()).isEqualTo(FEBRUARY);
        assertThat(terms.customerId()).isEqualTo("cust_1");
    }

    @Test
    void a_flat_rate_renewal_bills_the_new_period_in_advance_at_the_event_fee_or_the_terms_price() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));

        ProposedInvoice carried = InvoiceGenerator.invoiceFor(
                new SubscriptionRenewed("sub_1", JANUARY, FEBRUARY, Money.of(2900, "usd"), List.of()), terms, USAGE)
                .orElseThrow();
        ProposedInvoice older = InvoiceGenerator.invoiceFor(new SubscriptionRenewed("sub_1", JANUARY, FEBRUARY),
                terms, USAGE).orElseThrow();

        assertThat(carried.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CYCLE);
        assertThat(carried.period()).isEqualTo(FEBRUARY);
        assertThat(carried.at()).isEqualTo(FEB);
        assertThat(carried.lines()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(LineType.PLAN_CHARGE);
            assertThat(line.description()).isEqualTo("Subscription fee " + FEBRUARY);
            assertThat(line.quantity()).isEqualTo(1);
            assertThat(line.unitAmount()).isEqualTo(Money.of(3100, "usd"));
            assertThat(line.amount()).isEqualTo(Money.of(2900, "usd"));
            assertThat(line.period()).isEqualTo(FEBRUARY);
        });
        // recorded before the fee was carried: the price times the quantity
        assertThat(older.lines()).extracting(line -> line.amount().amount()).containsExactly(3100L);
    }

    @Test
    void invoicing_pending_lines_on_request_covers_their_span_and_carries_the_request_metadata() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));
        Instant mid = Instant.parse("2026-01-16T00:00:00Z");
        Instant later = Instant.parse("2026-01-20T00:00:00Z");
        List<ProrationLine> lines = List.of(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time", Money.of(-1500, "usd"), 1,
                        BillingPeriod.of(later, FEB)),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time", Money.of(3000, "usd"), 2,
                        BillingPeriod.of(mid, Instant.parse("2026-01-25T00:00:00Z"))));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(new io.billing.ledger.api.subscription
                .SubscriptionProrationsInvoiced("sub_1", "inv_1", lines, later, Map.of("po", "42")), terms, USAGE)
                .orElseThrow();

        assertThat(invoice.reason()).isEqualTo(InvoiceReason.MANUAL);
        assertThat(invoice.period()).isEqualTo(BillingPeriod.of(mid, FEB)); // earliest start, latest end
        assertThat(invoice.at()).isEqualTo(later);
        assertThat(invoice.metadata()).containsEntry("po", "42");
        assertThat(invoice.lines()).extracting(line -> line.amount().amount(), line -> line.quantity(),
                        line -> line.unitAmount())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-1500L, 1L, null),
                        org.assertj.core.groups.Tuple.tuple(3000L, 2L, null));
        assertThat(InvoiceGenerator.invoiceFor(new io.billing.ledger.api.subscription.SubscriptionProrationsInvoiced(
                "sub_1", "inv_2", List.of(), later), terms, USAGE)).isEmpty();
    }

    @Test
    void the_span_of_lines_without_periods_is_the_fallback() {
        assertThat(InvoiceGenerator.spanOf(List.of(), JANUARY)).isEqualTo(JANUARY);
        assertThat(InvoiceGenerator.spanOf(List.of(new io.billing.ledger.api.invoice.InvoiceLine(
                LineType.PRORATION_DEBIT, "old line", 1, null, Money.of(1, "usd"), null)), FEBRUARY))
                .isEqualTo(FEBRUARY);
    }

    @Test
    void an_always_invoice_plan_change_invoices_its_lines_and_those_pending_before_it() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));
        Instant mid = Instant.parse("2026-01-16T00:00:00Z");
        ProrationLine debit = new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time", Money.of(3000, "usd"), 1,
                BillingPeriod.of(mid, FEB));
        ProrationLine pending = new ProrationLine(LineType.PRORATION_DEBIT, "Earlier change", Money.of(200, "usd"), 1,
                BillingPeriod.of(Instant.parse("2026-01-10T00:00:00Z"), FEB));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(planChanged(ProrationBehavior.ALWAYS_INVOICE,
                List.of(debit), mid, List.of(pending)), terms, USAGE).orElseThrow();

        assertThat(invoice.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_UPDATE);
        assertThat(invoice.at()).isEqualTo(mid);
        assertThat(invoice.period()).isEqualTo(BillingPeriod.of(Instant.parse("2026-01-10T00:00:00Z"), FEB));
        assertThat(invoice.lines()).extracting(line -> line.amount().amount()).containsExactly(3000L, 200L);
        assertThat(InvoiceGenerator.invoiceFor(planChanged(ProrationBehavior.ALWAYS_INVOICE, List.of(), mid,
                List.of(pending)), terms, USAGE)).isEmpty();
        assertThat(InvoiceGenerator.invoiceFor(planChanged(ProrationBehavior.NONE, List.of(debit), mid, null),
                terms, USAGE)).isEmpty();
    }

    @Test
    void a_resume_within_the_paid_period_invoices_nothing() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));

        assertThat(InvoiceGenerator.invoiceFor(new io.billing.ledger.api.subscription.SubscriptionResumed("sub_1",
                Instant.parse("2026-01-20T00:00:00Z"), JANUARY), terms, USAGE)).isEmpty();
    }

    @Test
    void a_flat_rate_resume_into_a_new_period_bills_its_partial_period_in_advance() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));
        Instant resumedAt = Instant.parse("2026-02-15T00:00:00Z");
        BillingPeriod partial = BillingPeriod.of(resumedAt, MAR);

        ProposedInvoice carried = InvoiceGenerator.invoiceFor(new io.billing.ledger.api.subscription
                .SubscriptionResumed("sub_1", resumedAt, partial, Money.of(1550, "usd")), terms, USAGE).orElseThrow();
        ProposedInvoice derived = InvoiceGenerator.invoiceFor(new io.billing.ledger.api.subscription
                .SubscriptionResumed("sub_1", resumedAt, partial), terms, USAGE).orElseThrow();

        assertThat(carried.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CYCLE);
        assertThat(carried.period()).isEqualTo(partial);
        assertThat(carried.at()).isEqualTo(resumedAt);
        assertThat(carried.lines()).singleElement().satisfies(line -> {
            assertThat(line.amount()).isEqualTo(Money.of(1550, "usd"));
            assertThat(line.description()).isEqualTo("Subscription fee " + partial + ", prorated 1209600/2419200 s");
        });
        // recorded before the fee was carried: 14 of February's 28 days of 3100
        assertThat(derived.lines()).extracting(line -> line.amount().amount()).containsExactly(1550L);
    }

    @Test
    void a_metered_resume_into_a_new_period_bills_the_paused_period_usage_unless_it_was_trialing() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, null));
        Instant resumedAt = Instant.parse("2026-02-15T00:00:00Z");
        var resumed = new io.billing.ledger.api.subscription.SubscriptionResumed("sub_1", resumedAt,
                BillingPeriod.of(resumedAt, MAR));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(resumed, terms, USAGE).orElseThrow();

        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(LineType.USAGE_CHARGE);
            assertThat(line.period()).isEqualTo(JANUARY);
            assertThat(line.quantity()).isEqualTo(40);
            assertThat(line.unitAmount()).isEqualTo(Money.of(25, "usd"));
            assertThat(line.amount()).isEqualTo(Money.of(1000, "usd"));
            assertThat(line.description()).isEqualTo("Usage " + JANUARY);
        });
        SubscriptionTerms trialing = SubscriptionTerms.of(created(SubscriptionStatus.TRIALING, PricingModel.PER_UNIT, null));
        assertThat(InvoiceGenerator.invoiceFor(resumed, trialing, USAGE)).isEmpty();
    }

    @Test
    void a_cancel_bills_its_credit_and_the_pending_lines_over_the_current_period() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));
        Instant at = Instant.parse("2026-01-20T00:00:00Z");
        ProrationLine credit = new ProrationLine(LineType.PRORATION_CREDIT, "Unused time", Money.of(-1200, "usd"), 1,
                BillingPeriod.of(at, FEB));
        ProrationLine pending = new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time", Money.of(300, "usd"), 1,
                BillingPeriod.of(Instant.parse("2026-01-10T00:00:00Z"), FEB));

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(new SubscriptionCanceled("sub_1", at,
                CancellationReason.REQUESTED, List.of(credit), List.of(pending)), terms, USAGE).orElseThrow();

        assertThat(invoice.reason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CANCEL);
        assertThat(invoice.period()).isEqualTo(JANUARY);
        assertThat(invoice.at()).isEqualTo(at);
        assertThat(invoice.lines()).extracting(line -> line.type(), line -> line.amount().amount())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LineType.PRORATION_CREDIT, -1200L),
                        org.assertj.core.groups.Tuple.tuple(LineType.PRORATION_DEBIT, 300L));
    }

    @Test
    void a_first_period_fee_recorded_before_it_was_carried_is_derived_from_the_calendar() {
        Instant mid = Instant.parse("2026-01-16T00:00:00Z");
        SubscriptionCreated created = new SubscriptionCreated("sub_1", "cust_1", "plan_1", null,
                SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, Money.of(3100, "usd"), BillingInterval.MONTH, 1, 1,
                JAN, mid, null, BillingPeriod.of(mid, FEB), Map.of(), null);

        ProposedInvoice invoice = InvoiceGenerator.invoiceFor(created, null, USAGE).orElseThrow();

        assertThat(invoice.at()).isEqualTo(mid);
        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.amount()).isEqualTo(Money.of(1600, "usd")); // 16 of January's 31 days
            assertThat(line.description()).endsWith(", prorated 1382400/2678400 s");
        });
        ProposedInvoice full = InvoiceGenerator.invoiceFor(
                created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null), null, USAGE).orElseThrow();
        assertThat(full.lines()).singleElement().satisfies(line -> {
            assertThat(line.amount()).isEqualTo(Money.of(3100, "usd"));
            assertThat(line.description()).isEqualTo("Subscription fee " + JANUARY);
        });
    }

    @Test
    void an_event_that_bills_nothing_causes_no_invoice() {
        SubscriptionTerms terms = SubscriptionTerms.of(created(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, null));

        assertThat(InvoiceGenerator.invoiceFor(new SubscriptionReactivated("sub_1", FEB, FEBRUARY), terms, USAGE))
                .isEmpty();
        assertThat(InvoiceGenerator.invoiceFor(new TrialEnded("sub_1", BillingPeriod.of(JAN.minusSeconds(86_400), JAN),
                JANUARY, null), SubscriptionTerms.of(created(SubscriptionStatus.TRIALING, PricingModel.PER_UNIT, null)),
                USAGE)).isEmpty();
    }

    private static io.billing.ledger.api.subscription.SubscriptionPlanChanged planChanged(ProrationBehavior behavior,
            List<ProrationLine> lines, Instant at, List<ProrationLine> pendingBefore) {
        return new io.billing.ledger.api.subscription.SubscriptionPlanChanged("sub_1", "plan_1", "plan_2",
                PricingModel.FLAT_RATE, Money.of(6000, "usd"), BillingInterval.MONTH, 1, 1, behavior, lines, at,
                JANUARY, 1, JAN, Money.of(3100, "usd"), pendingBefore);
    }

    private static SubscriptionCreated created(SubscriptionStatus status, PricingModel model, Money periodFee) {
        return new SubscriptionCreated("sub_1", "cust_1", "plan_1", null, status, model,
                Money.of(model == PricingModel.PER_UNIT ? 25 : 3100, "usd"), BillingInterval.MONTH, 1, 1, JAN, JAN,
                status == SubscriptionStatus.TRIALING ? BillingPeriod.of(JAN, FEB) : null, JANUARY, Map.of(), periodFee);
    }
}
