package io.billing.ledger.command.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.Escalation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dunning policy's settings and its answers at their edges (the paths are DunningPolicyProperties'). */
class DunningPolicyTest {

    private static final Instant FIRST_FAILURE = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void the_defaults_are_the_documented_settings() {
        DunningPolicy policy = DunningPolicy.defaults();

        assertThat(policy.maxRetries()).isEqualTo(5);
        assertThat(policy.steps()).isEqualTo(5);
        assertThat(policy.scheduleMinutes()).containsExactly(60L, 300L, 1800L, 7200L, 43200L);
        assertThat(policy.escalation()).containsExactly(new Escalation(DunningAction.NOTIFY, 1),
                new Escalation(DunningAction.PAUSE, 3), new Escalation(DunningAction.CANCEL, 5));
    }

    @Test
    void each_step_is_counted_from_the_first_failure() {
        DunningPolicy policy = DunningPolicy.defaults();

        assertThat(policy.stepAt(FIRST_FAILURE, 1)).isEqualTo(FIRST_FAILURE.plusSeconds(60 * 60));
        assertThat(policy.stepAt(FIRST_FAILURE, 2)).isEqualTo(FIRST_FAILURE.plusSeconds(300 * 60));
        assertThat(policy.stepAt(FIRST_FAILURE, 5)).isEqualTo(FIRST_FAILURE.plusSeconds(43200 * 60));
        assertThatThrownBy(() -> policy.stepAt(FIRST_FAILURE, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no step 0 in a schedule of 5");
        assertThatThrownBy(() -> policy.stepAt(FIRST_FAILURE, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_schedule_longer_than_the_cap_uses_only_the_first_times() {
        DunningPolicy policy = DunningPolicy.parse("10,20,30", "2", "");

        assertThat(policy.steps()).isEqualTo(2);
        assertThat(policy.stepAt(FIRST_FAILURE, 2)).isEqualTo(FIRST_FAILURE.plusSeconds(20 * 60));
        assertThatThrownBy(() -> policy.stepAt(FIRST_FAILURE, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_rungs_due_through_a_step_include_that_step() {
        DunningPolicy policy = DunningPolicy.defaults();

        assertThat(policy.escalationsThrough(0)).isEmpty();
        assertThat(policy.escalationsThrough(1)).extracting(Escalation::action).containsExactly(DunningAction.NOTIFY);
        assertThat(policy.escalationsThrough(2)).extracting(Escalation::action).containsExactly(DunningAction.NOTIFY);
        assertThat(policy.escalationsThrough(3)).extracting(Escalation::action)
                .containsExactly(DunningAction.NOTIFY, DunningAction.PAUSE);
        assertThat(policy.escalationsThrough(5)).hasSize(3);
    }

    @Test
    void the_next_step_with_a_rung_skips_rungs_taken_and_ends_at_the_last_step() {
        DunningPolicy policy = DunningPolicy.defaults();

        assertThat(policy.nextStepWithEscalation(0, List.of())).isEqualTo(1);
        assertThat(policy.nextStepWithEscalation(1, List.of())).isEqualTo(3);
        assertThat(policy.nextStepWithEscalation(0, List.of(DunningAction.NOTIFY))).isEqualTo(3);
        assertThat(policy.nextStepWithEscalation(3, List.of())).isEqualTo(5);
        assertThat(policy.nextStepWithEscalation(0, List.of(DunningAction.NOTIFY, DunningAction.PAUSE,
                DunningAction.CANCEL))).isEqualTo(5);
        assertThat(DunningPolicy.parse("10,20,30", "3", "").nextStepWithEscalation(1, List.of())).isEqualTo(3);
    }

    @Test
    void the_ladder_cancels_only_when_it_has_a_cancel_rung() {
        assertThat(DunningPolicy.defaults().cancellation()).contains(new Escalation(DunningAction.CANCEL, 5));
        assertThat(DunningPolicy.parse("10,20", "2", "notify@1,pause@2").cancellation()).isEqualTo(Optional.empty());
    }

    @Test
    void the_ladder_writes_back_as_its_setting() {
        assertThat(DunningPolicy.parse("10,20", "2", " notify @ 1 , cancel@2 ").escalationSetting())
                .isEqualTo("notify@1,cancel@2");
        assertThat(DunningPolicy.parse("10,20", "2", "  ").escalationSetting()).isEmpty();
    }

    @Test
    void the_cap_is_an_integer_from_1_to_100() {
        assertThat(DunningPolicy.parse("10", " 1 ", "").maxRetries()).isEqualTo(1);
        String hundred = String.join(",", java.util.stream.LongStream.rangeClosed(1, 100)
                .mapToObj(Long::toString).toList());
        assertThat(DunningPolicy.parse(hundred, "100", "").maxRetries()).isEqualTo(100);
        for (String max : List.of("0", "101", "-1", "five", "")) {
            assertThatThrownBy(() -> DunningPolicy.parse(hundred + ",101", max, "")).as(max)
                    .isInstanceOfSatisfying(InvalidDunningSetting.class,
                            e -> assertThat(e.variable()).isEqualTo("DUNNING_MAX_RETRIES"));
        }
    }

    @Test
    void the_schedule_is_positive_strictly_increasing_whole_minutes() {
        for (String schedule : List.of("0,10", "-5,10", "10,10", "10,5", "10,x", "10,,20", "1.5,10")) {
            assertThatThrownBy(() -> DunningPolicy.parse(schedule, "2", "")).as(schedule)
                    .isInstanceOfSatisfying(InvalidDunningSetting.class,
                            e -> assertThat(e.variable()).isEqualTo("DUNNING_SCHEDULE_MINUTES"));
        }
        assertThat(DunningPolicy.parse(" 1 , 2 ", "2", "").scheduleMinutes()).containsExactly(1L, 2L);
    }

    @Test
    void a_ladder_rung_is_notify_pause_or_cancel_at_a_step_within_the_cap() {
        for (String ladder : List.of("retry@1", "notify@x", "notify@1@2", "notify@1,", "pause@1,pause@2",
                "notify@2,pause@2")) {
            assertThatThrownBy(() -> DunningPolicy.parse("10,20,30", "3", ladder)).as(ladder)
                    .isInstanceOfSatisfying(InvalidDunningSetting.class,
                            e -> assertThat(e.variable()).isEqualTo("DUNNING_ESCALATION"));
        }
        assertThat(DunningPolicy.parse("10,20,30", "3", "notify@1,pause@2,cancel@3").escalation()).hasSize(3);
        assertThat(DunningPolicy.parse("10,20,30", "3", "pause@3").escalation())
                .containsExactly(new Escalation(DunningAction.PAUSE, 3));
    }

    @Test
    void the_policy_keeps_copies_of_its_lists() {
        java.util.List<Long> schedule = new java.util.ArrayList<>(List.of(10L, 20L));
        DunningPolicy policy = new DunningPolicy(2, schedule, List.of());
        schedule.set(0, 99L);

        assertThat(policy.scheduleMinutes()).containsExactly(10L, 20L);
    }
}
