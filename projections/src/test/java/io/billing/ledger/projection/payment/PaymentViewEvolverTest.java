package io.billing.ledger.projection.payment;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PaymentView;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold the payments projection and {@code asOf} share, without a database. */
class PaymentViewEvolverTest {

    private static final String PAY = "pay_1";
    private static final Instant T0 = Instant.parse("2026-04-01T01:00:00Z");
    private static final Instant T1 = Instant.parse("2026-04-02T01:00:00Z");
    private static final Money AMOUNT = Money.of(4900, "usd");

    private static PaymentView started() {
        return PaymentViewEvolver.apply(null, new PaymentAttemptStarted(PAY, "inv_1", "cust_1", AMOUNT, 1, "pm_card_visa",
                null, T0), T0, 0);
    }

    @Test
    void nothing_exists_before_the_attempt_started_and_a_start_again_changes_nothing() {
        assertThat(PaymentViewEvolver.apply(null, new PaymentSucceeded(PAY, "inv_1", "cust_1", AMOUNT, "pi_1", T0), T0,
                1)).isNull();
        PaymentView started = started();
        assertThat(started.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(started.amountCents()).isEqualTo(4900);
        assertThat(started.createdAt()).isEqualTo(T0);
        assertThat(PaymentViewEvolver.apply(started, new PaymentAttemptStarted(PAY, "inv_1", "cust_1", AMOUNT, 1, null,
                null, T1), T1, 5)).isSameAs(started);
    }

    @Test
    void an_action_keeps_the_status_and_a_failure_clears_the_link_and_keeps_the_intent() {
        PaymentView waiting = PaymentViewEvolver.apply(started(), new PaymentActionRequired(PAY, "inv_1", "cust_1",
                "pi_1", "https://auth", "authentication_required", null, "Authenticate", T0), T0, 1);
        assertThat(waiting.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(waiting.failureKind()).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(waiting.nextAction()).isEqualTo("https://auth");
        PaymentView failed = PaymentViewEvolver.apply(waiting, new PaymentFailed(PAY, "inv_1", "cust_1", null,
                "card_declined", "generic_decline", "Declined", FailureKind.SOFT, 1, T1), T1, 2);
        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(failed.stripePaymentIntentId()).isEqualTo("pi_1");
        assertThat(failed.nextAction()).isNull();
        assertThat(failed.updatedAt()).isEqualTo(T1);
        assertThat(failed.version()).isEqualTo(2);
    }

    @Test
    void a_full_refund_makes_it_refunded_unless_it_is_disputed() {
        PaymentView paid = PaymentViewEvolver.apply(started(), new PaymentSucceeded(PAY, "inv_1", "cust_1", AMOUNT,
                "pi_1", T0), T0, 1);
        PaymentView partly = PaymentViewEvolver.apply(paid, new PaymentRefunded(PAY, "inv_1", "re_1",
                Money.of(1000, "usd"), Money.of(1000, "usd"), null, false, T1), T1, 2);
        assertThat(partly.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(partly.amountRefundedCents()).isEqualTo(1000);
        PaymentView fully = PaymentViewEvolver.apply(partly, new PaymentRefunded(PAY, "inv_1", "re_2",
                Money.of(3900, "usd"), AMOUNT, null, true, T1), T1, 3);
        assertThat(fully.status()).isEqualTo(PaymentStatus.REFUNDED);
        PaymentView disputed = PaymentViewEvolver.apply(paid, new PaymentDisputed(PAY, "inv_1", "dp_1", AMOUNT,
                "fraudulent", T1), T1, 2);
        assertThat(PaymentViewEvolver.apply(disputed, new PaymentRefunded(PAY, "inv_1", "re_1", AMOUNT, AMOUNT, null,
                true, T1), T1, 3).status()).isEqualTo(PaymentStatus.DISPUTED);
    }
}
