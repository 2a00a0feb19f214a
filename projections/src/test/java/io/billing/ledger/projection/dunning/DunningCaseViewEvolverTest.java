package io.billing.ledger.projection.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningPaymentFailed;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.DunningStatus;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.payment.FailureKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold the dunning-cases projection and {@code asOf} share, without a database. */
class DunningCaseViewEvolverTest {

    private static final String DUN = "dun_1";
    private static final Instant T0 = Instant.parse("2031-07-01T01:00:00Z");
    private static final Instant T1 = Instant.parse("2031-07-01T02:00:00Z");
    private static final Instant T2 = Instant.parse("2031-07-01T03:00:00Z");

    private static DunningCaseView fold(Object... events) {
        DunningCaseView view = null;
        long version = 0;
        for (Object event : events) {
            view = DunningCaseViewEvolver.apply(view, event, T0, version++);
        }
        return view;
    }

    private static DunningStarted started() {
        return new DunningStarted(DUN, "inv_1", "sub_1", "cust_1", null, "pay_1", "card_declined", "generic_decline",
                FailureKind.SOFT, 5, List.of(60L), List.of(), T0);
    }

    @Test
    void a_retry_is_attempted_fails_and_the_ladder_only_goes_up() {
        DunningCaseView view = fold(started(), new PaymentRetryScheduled(DUN, "inv_1", 1, 1, T1, T0),
                new PaymentRetryAttempted(DUN, "inv_1", 1, 1, RetryTrigger.SCHEDULED, T1));
        assertThat(view.retryInFlight()).isTrue();
        assertThat(view.nextRetryAt()).isNull();
        assertThat(view.attempts()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("pending"));
        view = DunningCaseViewEvolver.apply(view, new DunningPaymentFailed(DUN, "inv_1", 1, "pay_2", "card_declined",
                "insufficient_funds", FailureKind.SOFT, T1), T1, 3);
        assertThat(view.retryInFlight()).isFalse();
        assertThat(view.retryCount()).isEqualTo(1);
        assertThat(view.lastDeclineCode()).isEqualTo("insufficient_funds");
        assertThat(view.attempts().get(0).outcome()).isEqualTo("failed");
        assertThat(view.attempts().get(0).paymentId()).isEqualTo("pay_2");
        view = DunningCaseViewEvolver.apply(view, new DunningEscalated(DUN, "inv_1", "sub_1", DunningAction.PAUSE, 3,
                null, T1), T1, 4);
        view = DunningCaseViewEvolver.apply(view, new DunningEscalated(DUN, "inv_1", "sub_1", DunningAction.NOTIFY, 1,
                null, T1), T1, 5);
        assertThat(view.currentAction()).as("the furthest rung reached").isEqualTo(DunningAction.PAUSE);
        assertThat(view.version()).isEqualTo(5);
    }

    @Test
    void a_resolution_closes_the_case_and_a_paid_one_marks_the_pending_retry_succeeded() {
        DunningCaseView attempted = fold(started(), new PaymentRetryAttempted(DUN, "inv_1", 1, 1,
                RetryTrigger.OPERATOR, T1));
        DunningCaseView paid = DunningCaseViewEvolver.apply(attempted, new DunningResolved(DUN, "inv_1", "sub_1",
                DunningResolution.PAID, null, T2), T2, 2);
        assertThat(paid.status()).isEqualTo(DunningStatus.RESOLVED);
        assertThat(paid.resolvedAt()).isEqualTo(T2);
        assertThat(paid.updatedAt()).isEqualTo(T2);
        assertThat(paid.attempts().get(0).outcome()).isEqualTo("succeeded");
        DunningCaseView manual = DunningCaseViewEvolver.apply(attempted, new DunningResolved(DUN, "inv_1", "sub_1",
                DunningResolution.MANUAL, "agreed a plan", T2), T2, 2);
        assertThat(manual.attempts().get(0).outcome()).isEqualTo("pending");
        assertThat(manual.resolutionReason()).isEqualTo("agreed a plan");
    }

    @Test
    void nothing_exists_before_the_start_and_a_hold_clears_the_next_retry() {
        assertThat(DunningCaseViewEvolver.apply(null, new DunningEscalationHeld(DUN, T1), T1, 1)).isNull();
        DunningCaseView held = fold(started(), new PaymentRetryScheduled(DUN, "inv_1", 1, 1, T1, T0),
                new DunningEscalationHeld(DUN, T0));
        assertThat(held.escalationPaused()).isTrue();
        assertThat(held.nextRetryAt()).isNull();
    }
}
