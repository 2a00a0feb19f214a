package io.billing.ledger.server.health;

import io.billing.ledger.server.projection.ProjectionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ready means: no projection holds dead letters and none lags more than allowed. */
class ReadinessTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(30);

    @Test
    void caught_up_projections_without_dead_letters_are_ready() {
        Readiness.Verdict verdict = Readiness.judge(List.of(
                new ProjectionState("plan-catalog", 0, Duration.ZERO),
                new ProjectionState("customer-directory", 0, Duration.ofSeconds(30))), MAX_LAG);

        assertThat(verdict.ready()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void no_projections_at_all_is_ready() {
        assertThat(Readiness.judge(List.of(), MAX_LAG).ready()).isTrue();
    }

    @Test
    void one_dead_letter_is_not_ready_and_names_the_projection() {
        Readiness.Verdict verdict = Readiness.judge(List.of(
                new ProjectionState("plan-catalog", 1, Duration.ZERO),
                new ProjectionState("customer-directory", 0, Duration.ZERO)), MAX_LAG);

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.processor()).isEqualTo("plan-catalog");
            assertThat(reason.reason()).isEqualTo("dead_letters");
        });
    }

    @Test
    void a_lag_beyond_the_allowed_is_not_ready_and_exactly_the_allowed_is() {
        Readiness.Verdict lagging = Readiness.judge(List.of(
                new ProjectionState("invoice-directory", 0, Duration.ofSeconds(30).plusMillis(1))), MAX_LAG);
        assertThat(lagging.ready()).isFalse();
        assertThat(lagging.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.processor()).isEqualTo("invoice-directory");
            assertThat(reason.reason()).isEqualTo("lagging");
            assertThat(reason.message()).contains("30001 ms");
        });

        assertThat(Readiness.judge(List.of(new ProjectionState("invoice-directory", 0, MAX_LAG)), MAX_LAG).ready())
                .isTrue();
    }

    @Test
    void every_reason_of_every_projection_is_listed() {
        Readiness.Verdict verdict = Readiness.judge(List.of(
                new ProjectionState("plan-catalog", 2, Duration.ofMinutes(5)),
                new ProjectionState("usage-summaries", 0, Duration.ofMinutes(1))), MAX_LAG);

        assertThat(verdict.reasons()).extracting(Readiness.Reason::processor, Readiness.Reason::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("plan-catalog", "dead_letters"),
                        org.assertj.core.groups.Tuple.tuple("plan-catalog", "lagging"),
                        org.assertj.core.groups.Tuple.tuple("usage-summaries", "lagging"));
    }
}
