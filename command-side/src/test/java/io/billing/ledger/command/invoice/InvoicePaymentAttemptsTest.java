package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.InvoicePaymentFailed;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceReason;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.RecordInvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.RecordInvoicePaymentFailure;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** How an invoice numbers its charge attempts and takes their outcomes (issue 11). */
class InvoicePaymentAttemptsTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000002";
    private static final String PAY1 = "pay_00000000-0000-0000-0000-000000000001";
    private static final String PAY2 = "pay_00000000-0000-0000-0000-000000000002";
    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private static final Money DUE = Money.of(3000, "usd");

    private AggregateTestFixture<InvoiceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InvoiceAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> T);
    }

    private static InvoiceDrafted drafted(long total) {
        List<InvoiceLine> lines = List.of(new InvoiceLine(LineType.PLAN_CHARGE, "Plan", 1, Money.of(total, "usd"),
                Money.of(total, "usd"), BillingPeriod.of(T, Instant.parse("2026-03-01T00:00:00Z"))));
        return new InvoiceDrafted(INV, "cust_1", "sub_1", "clk_1", InvoiceReason.SUBSCRIPTION_CYCLE, null, lines,
                Money.of(total, "usd"), Money.zero("usd"), Money.of(total, "usd"), Money.zero("usd"), T, T);
    }

    private static InvoiceFinalized finalized(long total) {
        return new InvoiceFinalized(INV, "INV-2026-000001", drafted(total).lines(), Money.of(total, "usd"),
                Money.of(total, "usd"), Money.of(total, "usd"), Money.zero("usd"), T, T);
    }

    private static InvoicePaymentRequested requested(int attempt) {
        return new InvoicePaymentRequested(INV, "cust_1", "clk_1", attempt, DUE, T);
    }

    @Test
    void attempts_are_numbered_and_the_automatic_first_one_is_asked_for_once() {
        fixture.given(drafted(3000), finalized(3000)).when(new RequestInvoicePayment(INV, 1))
                .expectEvents(requested(1)).expectResultMessagePayload(1);
        fixture.given(drafted(3000), finalized(3000), requested(1)).when(new RequestInvoicePayment(INV, 1))
                .expectNoEvents();
        fixture.given(drafted(3000), finalized(3000), requested(1)).when(new RequestInvoicePayment(INV, null))
                .expectEvents(requested(2));
    }

    @Test
    void the_automatic_attempt_happens_at_the_finalization_on_the_invoices_clock() {
        Instant finalizedAt = T.minusSeconds(600);
        fixture.given(drafted(3000), finalized(3000)).when(new RequestInvoicePayment(INV, 1, finalizedAt))
                .expectEvents(new InvoicePaymentRequested(INV, "cust_1", "clk_1", 1, DUE, finalizedAt));
        fixture.given(drafted(3000), finalized(3000), requested(1)).when(new PayInvoice(INV, false, PAY1, finalizedAt))
                .expectEvents(new InvoicePaid(INV, DUE, false, finalizedAt, PAY1));
    }

    @Test
    void nothing_due_is_paid_at_once_without_a_payment() {
        fixture.given(drafted(0), finalized(0)).when(new RequestInvoicePayment(INV, 1))
                .expectEvents(new InvoicePaid(INV, Money.zero("usd"), false, T, null));
    }

    @Test
    void paying_a_draft_a_paid_or_a_void_invoice_by_request_is_a_conflict() {
        fixture.given(drafted(3000)).when(new RequestInvoicePayment(INV, null)).expectException(ConflictException.class);
        fixture.given(drafted(3000), finalized(3000), new InvoiceVoided(INV, T))
                .when(new RequestInvoicePayment(INV, null)).expectException(ConflictException.class);
        fixture.given(drafted(3000), finalized(3000), new InvoicePaid(INV, DUE, true, T))
                .when(new RequestInvoicePayment(INV, null)).expectException(ConflictException.class);
    }

    @Test
    void the_payment_process_is_never_refused_an_invoice_voided_meanwhile_changes_nothing() {
        fixture.given(drafted(3000), finalized(3000), new InvoiceVoided(INV, T))
                .when(new RequestInvoicePayment(INV, 1)).expectNoEvents();
        fixture.given(drafted(3000), finalized(3000), requested(1), new InvoiceVoided(INV, T))
                .when(new PayInvoice(INV, false, PAY1, null)).expectNoEvents();
    }

    @Test
    void a_payment_pays_the_invoice_once() {
        fixture.given(drafted(3000), finalized(3000), requested(1)).when(new PayInvoice(INV, false, PAY1, null))
                .expectEvents(new InvoicePaid(INV, DUE, false, T, PAY1));
        fixture.given(drafted(3000), finalized(3000), requested(1), new InvoicePaid(INV, DUE, false, T, PAY1))
                .when(new PayInvoice(INV, false, PAY1, null)).expectNoEvents();
    }

    @Test
    void failures_and_action_requests_keep_the_invoice_open_and_are_recorded_once_per_payment() {
        InvoicePaymentFailed failed = new InvoicePaymentFailed(INV, PAY2, "card_declined", "generic_decline",
                FailureKind.SOFT, 2, T);
        RecordInvoicePaymentFailure failure = new RecordInvoicePaymentFailure(INV, PAY2, "card_declined",
                "generic_decline", FailureKind.SOFT, null);
        fixture.given(drafted(3000), finalized(3000), requested(1), requested(2)).when(failure).expectEvents(failed);
        fixture.given(drafted(3000), finalized(3000), requested(1), requested(2), failed).when(failure)
                .expectNoEvents();
        fixture.given(drafted(3000), finalized(3000), requested(1), new InvoicePaid(INV, DUE, false, T, PAY1))
                .when(new RecordInvoicePaymentFailure(INV, PAY1, "card_declined", null, FailureKind.SOFT, null))
                .expectNoEvents();
        fixture.given(drafted(3000), finalized(3000), requested(1))
                .when(new RecordInvoicePaymentActionRequired(INV, PAY1, "https://auth", null))
                .expectEvents(new InvoicePaymentActionRequired(INV, PAY1, "https://auth", T));
    }
}
