package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.invoice.CreditNoteIssued;
import io.billing.ledger.api.invoice.DraftInvoice;
import io.billing.ledger.api.invoice.FinalizeInvoice;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoiceMarkedUncollectible;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.IssueCreditNote;
import io.billing.ledger.api.invoice.MarkInvoiceUncollectible;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.VoidInvoice;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class InvoiceAggregateTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private static final BillingPeriod JANUARY = BillingPeriod.of(Instant.parse("2026-01-01T00:00:00Z"), T);
    private static final BillingPeriod FEBRUARY = BillingPeriod.of(T, Instant.parse("2026-03-01T00:00:00Z"));
    private static final Money PRICE = Money.of(25, "usd");

    private AggregateTestFixture<InvoiceAggregate> fixture;
    private long usageNow = 10;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InvoiceAggregate.class);
        InvoiceNumbers numbers = mock(InvoiceNumbers.class);
        when(numbers.next(anyInt())).thenAnswer(call -> InvoiceNumbers.format(call.getArgument(0), 7));
        fixture.registerInjectableResource(numbers);
        fixture.registerInjectableResource(new InvoiceTerms(30));
        fixture.registerInjectableResource(new UsageCounter() {
            @Override
            public long count(String subscriptionId, Instant periodStart) {
                return usageNow;
            }

            @Override
            public long lockAndCount(String subscriptionId, Instant periodStart) {
                return usageNow;
            }
        });
        fixture.registerInjectableResource((SubscriptionClocks) clock -> T.plusSeconds(3600));
    }

    private static InvoiceLine usage(long quantity) {
        return new InvoiceLine(LineType.USAGE_CHARGE, "Usage", quantity, PRICE, PRICE.times(quantity), JANUARY);
    }

    private static InvoiceDrafted drafted(List<InvoiceLine> lines, long subtotal, long total, long carried) {
        return new InvoiceDrafted(INV, "cust_1", SUB, null, InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY, lines,
                Money.of(subtotal, "usd"), Money.zero("usd"), Money.of(total, "usd"), Money.of(carried, "usd"), T,
                T.plusSeconds(3600));
    }

    @Test
    void the_total_is_the_sum_of_the_lines() {
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(LineType.PLAN_CHARGE, "Fee", 2, Money.of(3000, "usd"), Money.of(6000, "usd"), FEBRUARY),
                new InvoiceLine(LineType.PRORATION_CREDIT, "Unused", 1, null, Money.of(-1234, "usd"), FEBRUARY));
        fixture.givenNoPriorActivity()
                .when(new DraftInvoice(INV, "cust_1", SUB, null, "usd", InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY,
                        lines, T, T.plusSeconds(3600)))
                .expectEvents(drafted(lines, 4766, 4766, 0));
    }

    @Test
    void a_net_credit_is_a_zero_invoice_that_carries_the_credit_forward() {
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(LineType.PRORATION_CREDIT, "Unused", 1, null, Money.of(-3200, "usd"), FEBRUARY),
                new InvoiceLine(LineType.PRORATION_DEBIT, "Rest", 1, null, Money.of(1600, "usd"), FEBRUARY));
        fixture.givenNoPriorActivity()
                .when(new DraftInvoice(INV, "cust_1", SUB, null, "usd", InvoiceReason.SUBSCRIPTION_CYCLE, FEBRUARY,
                        lines, T, T.plusSeconds(3600)))
                .expectEvents(drafted(lines, -1600, 0, 1600));
    }

    @Test
    void finalizing_recounts_late_usage_numbers_the_invoice_and_closes_the_period() {
        usageNow = 15;
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0))
                .when(new FinalizeInvoice(INV, null))
                .expectEvents(new InvoiceFinalized(INV, "INV-2026-000007", List.of(usage(15)), Money.of(375, "usd"),
                                Money.of(375, "usd"), Money.of(375, "usd"), Money.zero("usd"), T.plusSeconds(3600),
                                T.plusSeconds(3600).plus(java.time.Duration.ofDays(30))),
                        new UsagePeriodClosed(SUB, JANUARY, INV));
    }

    @Test
    void finalizing_twice_is_a_conflict_naming_what_is_allowed() {
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0),
                        new InvoiceFinalized(INV, "INV-2026-000007", List.of(usage(10)), Money.of(250, "usd"),
                                Money.of(250, "usd"), Money.of(250, "usd"), Money.zero("usd"), T))
                .when(new FinalizeInvoice(INV, null))
                .expectException(ConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("allowed from open: paid, void, uncollectible"));
    }

    @Test
    void a_draft_cannot_be_paid_voided_or_marked_uncollectible() {
        for (Object command : List.of(new PayInvoice(INV, true), new VoidInvoice(INV), new MarkInvoiceUncollectible(INV))) {
            fixture.given(drafted(List.of(usage(10)), 250, 250, 0))
                    .when(command)
                    .expectException(ConflictException.class);
        }
    }

    @Test
    void an_uncollectible_invoice_can_still_be_paid_and_a_paid_one_not_voided() {
        InvoiceFinalized finalized = new InvoiceFinalized(INV, "INV-2026-000007", List.of(usage(10)),
                Money.of(250, "usd"), Money.of(250, "usd"), Money.of(250, "usd"), Money.zero("usd"), T);
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized, new InvoiceMarkedUncollectible(INV, T))
                .when(new PayInvoice(INV, true))
                .expectEvents(new InvoicePaid(INV, Money.of(250, "usd"), true, T.plusSeconds(3600)));
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized,
                        new InvoicePaid(INV, Money.of(250, "usd"), true, T))
                .when(new VoidInvoice(INV))
                .expectException(ConflictException.class);
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized)
                .when(new VoidInvoice(INV))
                .expectEvents(new InvoiceVoided(INV, T.plusSeconds(3600), "cust_1", Money.zero("usd")));
    }

    @Test
    void a_credit_note_lowers_what_is_due_and_cannot_exceed_what_was_invoiced() {
        InvoiceFinalized finalized = new InvoiceFinalized(INV, "INV-2026-000007", List.of(usage(10)),
                Money.of(250, "usd"), Money.of(250, "usd"), Money.of(250, "usd"), Money.zero("usd"), T);
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized)
                .when(new IssueCreditNote(INV, "cn_1", 100, "goodwill"))
                .expectEvents(new CreditNoteIssued(INV, "cn_1", Money.of(100, "usd"), "goodwill", Money.of(100, "usd"),
                        Money.zero("usd"), T.plusSeconds(3600), List.of(), "cust_1"));
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized,
                        new InvoicePaid(INV, Money.of(250, "usd"), true, T))
                .when(new IssueCreditNote(INV, "cn_2", 250, "refund"))
                .expectEvents(new CreditNoteIssued(INV, "cn_2", Money.of(250, "usd"), "refund", Money.zero("usd"),
                        Money.of(250, "usd"), T.plusSeconds(3600), List.of(), "cust_1"));
        fixture.given(drafted(List.of(usage(10)), 250, 250, 0), finalized)
                .when(new IssueCreditNote(INV, "cn_3", 251, "too much"))
                .expectException(InvalidRequestException.class);
    }
}
