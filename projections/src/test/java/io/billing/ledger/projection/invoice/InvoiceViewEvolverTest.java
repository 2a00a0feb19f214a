package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.subscription.TrialEnded;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceViewEvolverTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-000000000001";

    private static final Instant JAN_15 = at("2026-01-15T00:00:00Z");
    private static final Instant JAN_20 = at("2026-01-20T00:00:00Z");
    private static final Instant FEB_15 = at("2026-02-15T00:00:00Z");
    private static final Instant FEB_15_1H = at("2026-02-15T01:00:00Z");
    private static final Instant FEB_16 = at("2026-02-16T00:00:00Z");
    private static final Instant FEB_20 = at("2026-02-20T00:00:00Z");
    private static final Instant MAR_15 = at("2026-03-15T00:00:00Z");
    private static final BillingPeriod FIRST = BillingPeriod.of(JAN_15, FEB_15);
    private static final BillingPeriod SECOND = BillingPeriod.of(FEB_15, MAR_15);

    private static final InvoiceLine PLAN = new InvoiceLine(LineType.PLAN_CHARGE, "2 × Pro", 2, usd(1000), usd(2000),
            SECOND);
    private static final InvoiceLine USAGE = new InvoiceLine(LineType.USAGE_CHARGE, "API calls", 300, usd(1),
            usd(300), FIRST);
    private static final InvoiceLine LATE_USAGE = new InvoiceLine(LineType.USAGE_CHARGE, "API calls", 350, usd(1),
            usd(350), FIRST);
    private static final InvoiceLine CREDIT = new InvoiceLine(LineType.PRORATION_CREDIT, "Unused time on Basic", 1,
            null, usd(-700), BillingPeriod.of(JAN_20, FEB_15));

    private static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }

    private static InvoiceDrafted drafted() {
        return new InvoiceDrafted(INV, CUSTOMER, SUB, null, InvoiceReason.SUBSCRIPTION_CYCLE, SECOND,
                List.of(PLAN, USAGE, CREDIT), usd(1600), usd(0), usd(1600), usd(0), FEB_15, FEB_15_1H);
    }

    private static InvoiceView draft() {
        return apply(null, drafted(), FEB_15, 0);
    }

    private static InvoiceView open() {
        return apply(draft(), new InvoiceFinalized(INV, "INV-000042", List.of(PLAN, LATE_USAGE, CREDIT), usd(1650),
                usd(1650), usd(1650), usd(0), FEB_15_1H), FEB_15_1H, 1);
    }

    private static InvoiceView apply(InvoiceView view, Object event, Instant at, long version) {
        return InvoiceViewEvolver.apply(view, event, at, version);
    }

    @Nested
    class Drafting {

        @Test
        void sets_every_field_from_the_event() {
            InvoiceView view = draft();

            assertThat(view.id()).isEqualTo(INV);
            assertThat(view.invoiceNumber()).isNull();
            assertThat(view.customerId()).isEqualTo(CUSTOMER);
            assertThat(view.customerName()).isNull();
            assertThat(view.customerEmail()).isNull();
            assertThat(view.subscriptionId()).isEqualTo(SUB);
            assertThat(view.status()).isEqualTo(InvoiceStatus.DRAFT);
            assertThat(view.billingReason()).isEqualTo(InvoiceReason.SUBSCRIPTION_CYCLE);
            assertThat(view.currency()).isEqualTo("usd");
            assertThat(view.periodStart()).isEqualTo(FEB_15);
            assertThat(view.periodEnd()).isEqualTo(MAR_15);
            assertThat(view.lines()).containsExactly(
                    new InvoiceView.Line(INV + "_0", INV, "plan_charge", "2 × Pro", 2, 1000, 2000, FEB_15, MAR_15),
                    new InvoiceView.Line(INV + "_1", INV, "usage_charge", "API calls", 300, 1, 300, JAN_15, FEB_15),
                    new InvoiceView.Line(INV + "_2", INV, "proration_credit", "Unused time on Basic", 1, -700, -700,
                            JAN_20, FEB_15));
            assertThat(view.collectionMethod()).isEqualTo("charge_automatically");
            assertThat(view.dueDate()).isNull();
            assertThat(view.subtotalCents()).isEqualTo(1600);
            assertThat(view.taxAmountCents()).isZero();
            assertThat(view.totalCents()).isEqualTo(1600);
            assertThat(view.amountDueCents()).isEqualTo(1600);
            assertThat(view.amountPaidCents()).isZero();
            assertThat(view.creditCarriedForwardCents()).isZero();
            assertThat(view.creditNotes()).isEmpty();
            assertThat(view.paidOutOfBand()).isFalse();
            assertThat(view.createdAt()).isEqualTo(FEB_15);
            assertThat(view.finalizeAt()).isEqualTo(FEB_15_1H);
            assertThat(view.finalizedAt()).isNull();
            assertThat(view.paidAt()).isNull();
            assertThat(view.voidedAt()).isNull();
            assertThat(view.updatedAt()).isEqualTo(FEB_15);
            assertThat(view.version()).isZero();
        }

        @Test
        void a_manual_invoice_has_no_period_and_may_carry_credit_forward() {
            InvoiceLine credit = new InvoiceLine(LineType.CREDIT_APPLIED, "Credit", 1, null, usd(-500), null);
            InvoiceDrafted event = new InvoiceDrafted(INV, CUSTOMER, null, null, InvoiceReason.MANUAL, null,
                    List.of(credit), usd(-500), usd(0), usd(0), usd(500), JAN_20, JAN_20);

            InvoiceView view = apply(null, event, JAN_20, 0);

            assertThat(view.periodStart()).isNull();
            assertThat(view.periodEnd()).isNull();
            assertThat(view.subscriptionId()).isNull();
            assertThat(view.lines()).containsExactly(
                    new InvoiceView.Line(INV + "_0", INV, "credit_applied", "Credit", 1, -500, -500, null, null));
            assertThat(view.totalCents()).isZero();
            assertThat(view.amountDueCents()).isZero();
            assertThat(view.creditCarriedForwardCents()).isEqualTo(500);
        }

        @Test
        void the_recorded_time_is_the_update_time_and_the_drafting_time_the_creation_time() {
            InvoiceView view = apply(null, drafted(), FEB_16, 0); // e.g. a test clock's drafting time

            assertThat(view.createdAt()).isEqualTo(FEB_15);
            assertThat(view.updatedAt()).isEqualTo(FEB_16);
        }
    }

    @Test
    void finalizing_takes_the_recorded_due_date_and_spreads_a_prorated_amount_over_its_quantity() {
        InvoiceLine prorated = new InvoiceLine(LineType.PRORATION_DEBIT, "3 × Pro, rest of period", 3, null,
                usd(1001), null);
        Instant due = FEB_15_1H.plus(java.time.Duration.ofDays(30));

        InvoiceView view = apply(draft(), new InvoiceFinalized(INV, "INV-000043", List.of(PLAN, prorated), usd(3001),
                usd(3001), usd(3001), usd(0), FEB_15_1H, due), FEB_15_1H, 1);

        assertThat(view.dueDate()).isEqualTo(due);
        assertThat(view.lines()).extracting(InvoiceView.Line::id).containsExactly(INV + "_0", INV + "_1");
        assertThat(view.lines().get(1).unitAmountCents()).as("1001 / 3 = 333.67, rounded half-even").isEqualTo(334);
    }

    @Test
    void finalizing_opens_the_invoice_with_its_number_and_final_lines() {
        InvoiceView view = open();

        assertThat(view.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(view.invoiceNumber()).isEqualTo("INV-000042");
        assertThat(view.dueDate()).as("an event recorded before due dates was due on finalization")
                .isEqualTo(FEB_15_1H);
        assertThat(view.lines()).extracting(InvoiceView.Line::amountCents).containsExactly(2000L, 350L, -700L);
        assertThat(view.subtotalCents()).isEqualTo(1650);
        assertThat(view.totalCents()).isEqualTo(1650);
        assertThat(view.amountDueCents()).isEqualTo(1650);
        assertThat(view.creditCarriedForwardCents()).isZero();
        assertThat(view.finalizedAt()).isEqualTo(FEB_15_1H);
        assertThat(view.createdAt()).isEqualTo(FEB_15);
        assertThat(view.updatedAt()).isEqualTo(FEB_15_1H);
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void paying_settles_the_amount_due() {
        InvoiceView view = apply(open(), new InvoicePaid(INV, usd(1650), true, FEB_16), FEB_16, 2);

        assertThat(view.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(view.amountPaidCents()).isEqualTo(1650);
        assertThat(view.amountDueCents()).isZero();
        assertThat(view.paidAt()).isEqualTo(FEB_16);
        assertThat(view.paidOutOfBand()).isTrue();
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void voiding_leaves_nothing_due() {
        InvoiceView view = apply(open(), new InvoiceVoided(INV, FEB_16), FEB_16, 2);

        assertThat(view.status()).isEqualTo(InvoiceStatus.VOID);
        assertThat(view.amountDueCents()).isZero();
        assertThat(view.voidedAt()).isEqualTo(FEB_16);
        assertThat(view.totalCents()).isEqualTo(1650);
    }

    @Test
    void an_uncollectible_invoice_still_shows_what_is_due_and_can_be_paid_later() {
        InvoiceView uncollectible = apply(open(), new InvoiceMarkedUncollectible(INV, FEB_16), FEB_16, 2);

        assertThat(uncollectible.status()).isEqualTo(InvoiceStatus.UNCOLLECTIBLE);
        assertThat(uncollectible.amountDueCents()).isEqualTo(1650);
        assertThat(uncollectible.updatedAt()).isEqualTo(FEB_16);

        InvoiceView paid = apply(uncollectible, new InvoicePaid(INV, usd(1650), false, FEB_20), FEB_20, 3);
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.amountDueCents()).isZero();
    }

    @Nested
    class CreditNotes {

        @Test
        void on_an_open_invoice_lower_the_amount_due() {
            InvoiceView view = apply(open(), new CreditNoteIssued(INV, "cn_1", usd(650), "goodwill", usd(650),
                    usd(0), FEB_16), FEB_16, 2);

            assertThat(view.creditNotes()).containsExactly(new InvoiceView.CreditNote("cn_1", 650, "goodwill", FEB_16));
            assertThat(view.amountDueCents()).isEqualTo(1000);
            assertThat(view.totalCents()).isEqualTo(1650);
            assertThat(view.status()).isEqualTo(InvoiceStatus.OPEN);
        }

        @Test
        void on_a_paid_invoice_go_to_the_balance_and_leave_the_amount_due() {
            InvoiceView paid = apply(open(), new InvoicePaid(INV, usd(1650), false, FEB_16), FEB_16, 2);

            InvoiceView view = apply(paid, new CreditNoteIssued(INV, "cn_1", usd(500), "refund", usd(0), usd(500),
                    FEB_20), FEB_20, 3);

            assertThat(view.creditNotes()).hasSize(1);
            assertThat(view.amountDueCents()).isZero();
            assertThat(view.amountPaidCents()).isEqualTo(1650);
        }

        @Test
        void accumulate_in_order() {
            InvoiceView first = apply(open(), new CreditNoteIssued(INV, "cn_1", usd(100), "a", usd(100), usd(0),
                    FEB_16), FEB_16, 2);
            InvoiceView second = apply(first, new CreditNoteIssued(INV, "cn_2", usd(200), "b", usd(200), usd(0),
                    FEB_20), FEB_20, 3);

            assertThat(second.creditNotes()).extracting(InvoiceView.CreditNote::id).containsExactly("cn_1", "cn_2");
            assertThat(second.amountDueCents()).isEqualTo(1350);
            assertThat(first.creditNotes()).hasSize(1); // the earlier view is not changed
        }
    }

    @Nested
    class Customer {

        @Test
        void events_carry_the_name_and_email_over_as_given() {
            InvoiceView named = InvoiceViewEvolver.withCustomer(draft(), "Ada Lovelace", "ada@example.com");

            InvoiceView view = apply(named, new InvoiceFinalized(INV, "INV-000042", List.of(PLAN), usd(2000),
                    usd(2000), usd(2000), usd(0), FEB_15_1H), FEB_15_1H, 1);

            assertThat(view.customerName()).isEqualTo("Ada Lovelace");
            assertThat(view.customerEmail()).isEqualTo("ada@example.com");
        }

        @Test
        void filling_them_in_changes_nothing_else() {
            InvoiceView view = open();

            InvoiceView named = InvoiceViewEvolver.withCustomer(view, "Ada", "ada@example.com");

            assertThat(named).usingRecursiveComparison().ignoringFields("customerName", "customerEmail")
                    .isEqualTo(view);
            assertThat(named.version()).isEqualTo(view.version());
        }
    }

    @Test
    void before_the_draft_every_other_event_is_ignored() {
        assertThat(apply(null, new InvoiceVoided(INV, FEB_16), FEB_16, 0)).isNull();
        assertThat(InvoiceViewEvolver.withCustomer(null, "Ada", "ada@example.com")).isNull();
    }

    @Test
    void an_unknown_event_leaves_the_view_as_it_was() {
        InvoiceView view = open();

        assertThat(apply(view, new TrialEnded(SUB, FIRST, SECOND), FEB_20, 5)).isSameAs(view);
    }
}
