package io.billing.ledger.command.payment;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PrepareRefund;
import io.billing.ledger.api.payment.RecordDisputeClosure;
import io.billing.ledger.api.payment.RecordPaymentActionRequired;
import io.billing.ledger.api.payment.RecordPaymentDispute;
import io.billing.ledger.api.payment.RecordPaymentFailure;
import io.billing.ledger.api.payment.RecordPaymentRefund;
import io.billing.ledger.api.payment.RecordPaymentSucceeded;
import io.billing.ledger.api.payment.RefundTerms;
import io.billing.ledger.api.payment.StartPaymentAttempt;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class PaymentAggregateTest {

    private static final String PAY = "pay_00000000-0000-0000-0000-000000000001";
    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String CUST = "cust_00000000-0000-0000-0000-000000000001";
    private static final String PI = "pi_1";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant STRIPE_TIME = Instant.parse("2026-03-01T10:00:05Z");
    private static final Money AMOUNT = Money.of(4900, "usd");

    private AggregateTestFixture<PaymentAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PaymentAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> NOW);
    }

    private static PaymentAttemptStarted started() {
        return new PaymentAttemptStarted(PAY, INV, CUST, AMOUNT, 1, "pm_card_visa", null, NOW);
    }

    private static PaymentSucceeded succeeded() {
        return new PaymentSucceeded(PAY, INV, CUST, AMOUNT, PI, NOW);
    }

    private static PaymentRefunded refunded(String id, long amount, long total, boolean full) {
        return new PaymentRefunded(PAY, INV, id, Money.of(amount, "usd"), Money.of(total, "usd"), null, full, NOW);
    }

    @Test
    void an_attempt_starts_pending_and_starting_it_again_changes_nothing() {
        StartPaymentAttempt start = new StartPaymentAttempt(PAY, INV, CUST, AMOUNT, 1, "pm_card_visa", null, null);
        fixture.givenNoPriorActivity().when(start).expectEvents(started());
        fixture.given(started()).when(start).expectNoEvents();
    }

    @Test
    void a_success_is_recorded_once() {
        fixture.given(started()).when(new RecordPaymentSucceeded(PAY, PI, null)).expectEvents(succeeded());
        fixture.given(started(), succeeded()).when(new RecordPaymentSucceeded(PAY, PI, STRIPE_TIME)).expectNoEvents();
    }

    @Test
    void a_processor_time_is_kept_for_a_payment_not_on_a_test_clock() {
        fixture.given(started()).when(new RecordPaymentSucceeded(PAY, PI, STRIPE_TIME))
                .expectEvents(new PaymentSucceeded(PAY, INV, CUST, AMOUNT, PI, STRIPE_TIME));
    }

    @Test
    void on_a_test_clock_a_processors_wall_clock_time_gives_way_to_the_clocks() {
        PaymentAttemptStarted onClock = new PaymentAttemptStarted(PAY, INV, CUST, AMOUNT, 1, "pm_card_visa", "clk_1",
                NOW.minusSeconds(60));
        fixture.given(onClock).when(new RecordPaymentSucceeded(PAY, PI, NOW.minusSeconds(60)))
                .expectEvents(new PaymentSucceeded(PAY, INV, CUST, AMOUNT, PI, NOW.minusSeconds(60)));
        fixture.given(onClock).when(new RecordPaymentSucceeded(PAY, PI, Instant.parse("2020-01-01T00:00:00Z")))
                .expectEvents(new PaymentSucceeded(PAY, INV, CUST, AMOUNT, PI, NOW));
    }

    @Test
    void a_failure_is_classified_from_stripe_codes() {
        fixture.given(started())
                .when(new RecordPaymentFailure(PAY, PI, "card_declined", "generic_decline", "Your card was declined.", null))
                .expectEvents(new PaymentFailed(PAY, INV, CUST, PI, "card_declined", "generic_decline",
                        "Your card was declined.", FailureKind.SOFT, 1, NOW));
        fixture.given(started())
                .when(new RecordPaymentFailure(PAY, PI, "expired_card", "expired_card", "Your card has expired.", null))
                .expectEvents(new PaymentFailed(PAY, INV, CUST, PI, "expired_card", "expired_card",
                        "Your card has expired.", FailureKind.HARD, 1, NOW));
    }

    @Test
    void a_stale_failure_after_the_success_changes_nothing() {
        fixture.given(started(), succeeded())
                .when(new RecordPaymentFailure(PAY, PI, "card_declined", "generic_decline", "late", STRIPE_TIME))
                .expectNoEvents();
        fixture.given(started(), succeeded())
                .when(new RecordPaymentActionRequired(PAY, PI, "https://auth", "authentication_required", null, null, null))
                .expectNoEvents();
    }

    @Test
    void a_success_after_a_failure_is_recorded_the_money_was_collected_after_all() {
        PaymentFailed failed = new PaymentFailed(PAY, INV, CUST, null, "processing_error", null, "unreachable",
                FailureKind.SOFT, 1, NOW);
        fixture.given(started(), failed).when(new RecordPaymentSucceeded(PAY, PI, null)).expectEvents(succeeded());
    }

    @Test
    void an_authentication_request_is_recorded_once_and_a_later_success_ends_it() {
        PaymentActionRequired action = new PaymentActionRequired(PAY, INV, CUST, PI, "https://auth",
                "authentication_required", "authentication_required", "needs auth", NOW);
        RecordPaymentActionRequired record = new RecordPaymentActionRequired(PAY, PI, "https://auth",
                "authentication_required", "authentication_required", "needs auth", null);
        fixture.given(started()).when(record).expectEvents(action);
        fixture.given(started(), action).when(record).expectNoEvents();
        fixture.given(started(), action).when(new RecordPaymentSucceeded(PAY, PI, null)).expectEvents(succeeded());
    }

    @Test
    void a_partial_then_the_rest_refunds_in_full_and_the_same_refund_twice_is_recorded_once() {
        fixture.given(started(), succeeded())
                .when(new RecordPaymentRefund(PAY, "re_1", Money.of(1000, "usd"), null, null))
                .expectEvents(refunded("re_1", 1000, 1000, false));
        fixture.given(started(), succeeded(), refunded("re_1", 1000, 1000, false))
                .when(new RecordPaymentRefund(PAY, "re_1", Money.of(1000, "usd"), null, null))
                .expectNoEvents();
        fixture.given(started(), succeeded(), refunded("re_1", 1000, 1000, false))
                .when(new RecordPaymentRefund(PAY, "re_2", Money.of(3900, "usd"), null, null))
                .expectEvents(refunded("re_2", 3900, 4900, true));
    }

    @Test
    void a_refund_takes_what_is_left_and_refuses_more() {
        fixture.given(started(), succeeded(), refunded("re_1", 1000, 1000, false))
                .when(new PrepareRefund(PAY, null))
                .expectResultMessagePayload(new RefundTerms(PI, Money.of(3900, "usd")))
                .expectNoEvents();
        fixture.given(started(), succeeded(), refunded("re_1", 1000, 1000, false))
                .when(new PrepareRefund(PAY, 3901L))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
        fixture.given(started(), succeeded(), refunded("re_1", 4900, 4900, true))
                .when(new PrepareRefund(PAY, null))
                .expectException(InvalidRequestException.class);
    }

    @Test
    void only_a_succeeded_payment_can_be_refunded() {
        fixture.given(started()).when(new PrepareRefund(PAY, null)).expectException(ConflictException.class);
        // a refund reported for money never collected is stale: nothing is recorded, nothing refused
        fixture.given(started()).when(new RecordPaymentRefund(PAY, "re_1", AMOUNT, null, null)).expectNoEvents();
    }

    @Test
    void a_dispute_is_recorded_once_and_a_won_dispute_gives_the_payment_back_its_status() {
        PaymentDisputed disputed = new PaymentDisputed(PAY, INV, "dp_1", AMOUNT, "fraudulent", NOW);
        fixture.given(started(), succeeded())
                .when(new RecordPaymentDispute(PAY, "dp_1", AMOUNT, "fraudulent", null))
                .expectEvents(disputed);
        fixture.given(started(), succeeded(), disputed)
                .when(new RecordPaymentDispute(PAY, "dp_1", AMOUNT, "fraudulent", null))
                .expectNoEvents();
        fixture.given(started(), succeeded(), disputed)
                .when(new RecordDisputeClosure(PAY, "dp_1", "won", null))
                .expectEvents(new PaymentDisputeClosed(PAY, INV, "dp_1", "won", PaymentStatus.SUCCEEDED, NOW));
        fixture.given(started(), succeeded(), disputed)
                .when(new RecordDisputeClosure(PAY, "dp_1", "lost", null))
                .expectEvents(new PaymentDisputeClosed(PAY, INV, "dp_1", "lost", PaymentStatus.DISPUTED, NOW));
        fixture.given(started(), succeeded(), disputed).when(new PrepareRefund(PAY, null))
                .expectException(ConflictException.class);
    }
}
