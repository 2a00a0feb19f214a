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

    private static SubscriptionCreated created(SubscriptionStatus status, PricingModel model, Money periodFee) {
        return new SubscriptionCreated("sub_1", "cust_1", "plan_1", null, status, model,
                Money.of(model == PricingModel.PER_UNIT ? 25 : 3100, "usd"), BillingInterval.MONTH, 1, 1, JAN, JAN,
                status == SubscriptionStatus.TRIALING ? BillingPeriod.of(JAN, FEB) : null, JANUARY, Map.of(), periodFee);
    }
}
