package io.billing.ledger.command.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningCheckpointScheduled;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningEscalationResumed;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningPaymentFailed;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.HoldDunningEscalation;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.dunning.RecordDunningPaymentFailure;
import io.billing.ledger.api.dunning.ResolveDunning;
import io.billing.ledger.api.dunning.ResumeDunningEscalation;
import io.billing.ledger.api.dunning.RetryDunningNow;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.dunning.RunDunningStep;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.billing.ledger.api.payment.FailureKind.HARD;
import static io.billing.ledger.api.payment.FailureKind.SOFT;

class DunningCaseAggregateTest {

    static final String DUN = "dun_00000000-0000-0000-0000-000000000001";
    static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    static final String SUB = "sub_00000000-0000-0000-0000-000000000001";
    static final String CUST = "cust_00000000-0000-0000-0000-000000000001";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofHours(2));
    static final DunningPolicy POLICY = DunningPolicy.defaults();

    private AggregateTestFixture<DunningCaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DunningCaseAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> NOW);
        fixture.registerInjectableResource(POLICY);
    }

    static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static RecordDunningPaymentFailure failure(String paymentId, FailureKind kind, Instant when) {
        return new RecordDunningPaymentFailure(DUN, INV, SUB, CUST, null, paymentId,
                kind == SOFT ? "card_declined" : "card_declined", kind == SOFT ? "generic_decline" : "lost_card", kind,
                null, when);
    }

    static DunningStarted started(FailureKind kind) {
        return new DunningStarted(DUN, INV, SUB, CUST, null, "pay_1", "card_declined",
                kind == SOFT ? "generic_decline" : "lost_card", kind, 5, POLICY.scheduleMinutes(), POLICY.escalation(), T0);
    }

    static PaymentRetryScheduled scheduled(int retry, int step, long minutes, Instant now) {
        return new PaymentRetryScheduled(DUN, INV, retry, step, at(minutes), now);
    }

    static PaymentRetryAttempted attempted(int retry, int step, long minutes) {
        return new PaymentRetryAttempted(DUN, INV, retry, step, RetryTrigger.SCHEDULED, at(minutes));
    }

    static DunningPaymentFailed failed(Integer retry, String paymentId, long minutes) {
        return new DunningPaymentFailed(DUN, INV, retry, paymentId, "card_declined", "generic_decline", SOFT, at(minutes));
    }

    @Test
    void the_first_soft_failure_opens_the_case_and_schedules_the_first_retry_an_hour_after_it() {
        fixture.givenNoPriorActivity()
                .when(failure("pay_1", SOFT, T0))
                .expectEvents(started(SOFT), scheduled(1, 1, 60, T0));
    }

    @Test
    void a_second_delivery_of_the_first_failure_starts_nothing_new() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(failure("pay_1", SOFT, T0))
                .expectNoEvents();
    }

    @Test
    void a_due_retry_is_attempted_once() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(new RunDunningStep(DUN, at(60)))
                .expectEvents(attempted(1, 1, 60));
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), attempted(1, 1, 60))
                .when(new RunDunningStep(DUN, at(60)))
                .expectNoEvents();
    }

    @Test
    void a_step_before_its_time_changes_nothing() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(new RunDunningStep(DUN, at(59)))
                .expectNoEvents();
    }

    @Test
    void the_first_failed_retry_notifies_and_schedules_the_second_five_hours_after_the_first_failure() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), attempted(1, 1, 60))
                .when(failure("pay_2", SOFT, at(60)))
                .expectEvents(failed(1, "pay_2", 60),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 1, null, at(60)),
                        scheduled(2, 2, 300, at(60)));
    }

    @Test
    void the_fifth_failed_retry_cancels_and_exhausts() {
        fixture.given(started(SOFT), scheduled(5, 5, 43200, T0), attempted(5, 5, 43200))
                .when(failure("pay_6", SOFT, at(43200)))
                .expectEvents(failed(5, "pay_6", 43200),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 5, null, at(43200)),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.PAUSE, 5, null, at(43200)),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.CANCEL, 5, null, at(43200)),
                        new DunningExhausted(DUN, INV, SUB, 5, at(43200)));
    }

    @Test
    void a_hard_decline_notifies_at_once_and_waits_without_retries_until_the_pause_step() {
        fixture.givenNoPriorActivity()
                .when(failure("pay_1", HARD, T0))
                .expectEvents(started(HARD),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 0, null, T0),
                        new DunningCheckpointScheduled(DUN, INV, 3, at(1800), T0));
    }

    @Test
    void a_hard_case_pauses_at_the_third_time_and_cancels_at_the_fifth() {
        DunningEscalated notified = new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 0, null, T0);
        DunningCheckpointScheduled third = new DunningCheckpointScheduled(DUN, INV, 3, at(1800), T0);
        DunningEscalated paused = new DunningEscalated(DUN, INV, SUB, DunningAction.PAUSE, 3, null, at(1800));
        DunningCheckpointScheduled fifth = new DunningCheckpointScheduled(DUN, INV, 5, at(43200), at(1800));
        fixture.given(started(HARD), notified, third)
                .when(new RunDunningStep(DUN, at(1800)))
                .expectEvents(paused, fifth);
        fixture.given(started(HARD), notified, third, paused, fifth)
                .when(new RunDunningStep(DUN, at(43200)))
                .expectEvents(new DunningEscalated(DUN, INV, SUB, DunningAction.CANCEL, 5, null, at(43200)),
                        new DunningExhausted(DUN, INV, SUB, 0, at(43200)));
    }

    @Test
    void a_new_payment_method_retries_at_once_and_its_failure_keeps_the_schedule() {
        DunningEscalated notified = new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 0, null, T0);
        DunningCheckpointScheduled third = new DunningCheckpointScheduled(DUN, INV, 3, at(1800), T0);
        PaymentRetryAttempted now = new PaymentRetryAttempted(DUN, INV, 1, null, RetryTrigger.PAYMENT_METHOD, NOW);
        fixture.given(started(HARD), notified, third)
                .when(new RetryDunningNow(DUN, RetryTrigger.PAYMENT_METHOD, null))
                .expectEvents(now);
        // the new card declined softly: retries resume at the pending step's time
        fixture.given(started(HARD), notified, third, now)
                .when(failure("pay_2", SOFT, NOW))
                .expectEvents(new DunningPaymentFailed(DUN, INV, 1, "pay_2", "card_declined", "generic_decline", SOFT, NOW),
                        new PaymentRetryScheduled(DUN, INV, 2, 3, at(1800), NOW));
    }

    @Test
    void never_two_retries_in_flight_an_operator_is_refused_and_a_new_card_changes_nothing() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), attempted(1, 1, 60))
                .when(new RetryDunningNow(DUN, RetryTrigger.OPERATOR, null))
                .expectException(ConflictException.class);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), attempted(1, 1, 60))
                .when(new RetryDunningNow(DUN, RetryTrigger.PAYMENT_METHOD, null))
                .expectNoEvents();
    }

    @Test
    void payment_resolves_the_case_once_and_an_operator_cannot_resolve_a_closed_one() {
        DunningResolved paid = new DunningResolved(DUN, INV, SUB, DunningResolution.PAID, null, NOW);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(new ResolveDunning(DUN, DunningResolution.PAID, null, NOW))
                .expectEvents(paid);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), paid)
                .when(new ResolveDunning(DUN, DunningResolution.VOIDED, null, NOW))
                .expectNoEvents();
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), paid)
                .when(new ResolveDunning(DUN, DunningResolution.MANUAL, "agreed a plan", null))
                .expectException(ConflictException.class);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), paid)
                .when(new RunDunningStep(DUN, at(60)))
                .expectNoEvents();
    }

    @Test
    void a_held_case_does_not_step_and_resuming_schedules_a_passed_time_at_once() {
        DunningEscalationHeld held = new DunningEscalationHeld(DUN, NOW);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(new HoldDunningEscalation(DUN))
                .expectEvents(held);
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), held)
                .when(new RunDunningStep(DUN, at(60)))
                .expectNoEvents();
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0), held)
                .when(new ResumeDunningEscalation(DUN))
                .expectEvents(new DunningEscalationResumed(DUN, NOW), new PaymentRetryScheduled(DUN, INV, 1, 1, NOW, NOW));
    }

    @Test
    void a_charge_outside_dunning_that_declines_hard_turns_the_retries_into_a_wait() {
        fixture.given(started(SOFT), scheduled(1, 1, 60, T0))
                .when(failure("pay_2", HARD, at(30)))
                .expectEvents(new DunningPaymentFailed(DUN, INV, null, "pay_2", "card_declined", "lost_card", HARD, at(30)),
                        new DunningEscalated(DUN, INV, SUB, DunningAction.NOTIFY, 0, null, at(30)),
                        new DunningCheckpointScheduled(DUN, INV, 3, at(1800), at(30)));
    }
}
