package io.billing.ledger.api.payment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Decline classification: what dunning does next depends on it. */
class FailureKindTest {

    @Test
    void authentication_is_action_required_whichever_code_says_it() {
        assertThat(FailureKind.classify("authentication_required", null)).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(FailureKind.classify("card_declined", "authentication_required"))
                .isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(FailureKind.classify("requires_action", null)).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(FailureKind.classify(null, "requires_action")).isEqualTo(FailureKind.ACTION_REQUIRED);
    }

    @Test
    void authentication_wins_over_a_hard_code() {
        assertThat(FailureKind.classify("authentication_required", "lost_card")).isEqualTo(FailureKind.ACTION_REQUIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lost_card", "stolen_card", "expired_card", "fraudulent", "do_not_try_again",
            "no_payment_method", "incorrect_number", "pickup_card"})
    void a_code_retrying_cannot_fix_is_hard_in_either_field(String code) {
        assertThat(FailureKind.classify("card_declined", code)).isEqualTo(FailureKind.HARD);
        assertThat(FailureKind.classify(code, null)).isEqualTo(FailureKind.HARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"insufficient_funds", "generic_decline", "processing_error", "a_code_stripe_adds_later"})
    void everything_else_is_soft(String code) {
        assertThat(FailureKind.classify("card_declined", code)).isEqualTo(FailureKind.SOFT);
        assertThat(FailureKind.classify(code, null)).isEqualTo(FailureKind.SOFT);
    }

    @Test
    void no_code_at_all_is_soft() {
        assertThat(FailureKind.classify(null, null)).isEqualTo(FailureKind.SOFT);
    }

    @Test
    void the_wire_names() {
        assertThat(FailureKind.HARD.wire()).isEqualTo("hard");
        assertThat(FailureKind.SOFT.wire()).isEqualTo("soft");
        assertThat(FailureKind.ACTION_REQUIRED.wire()).isEqualTo("action_required");
    }
}
