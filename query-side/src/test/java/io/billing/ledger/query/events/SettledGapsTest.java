package io.billing.ledger.query.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The gap rule without a database: the horizons stand for what pg_current_snapshot() would answer. */
class SettledGapsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SettledGaps gaps = new SettledGaps(Duration.ofSeconds(1));

    @Test
    void contiguous_positions_are_final_through_the_last() {
        assertThat(gaps.finalThrough(0, new long[]{1, 2, 3}, horizon(10, 10, T0), T0)).isEqualTo(3);
        assertThat(gaps.finalThrough(3, new long[]{}, horizon(10, 10, T0), T0)).isEqualTo(3);
    }

    @Test
    void a_new_gap_stops_the_reader_before_it_even_when_no_transaction_is_in_flight() {
        assertThat(gaps.finalThrough(0, new long[]{1, 2, 4, 5}, horizon(10, 10, T0), T0)).isEqualTo(2);
        assertThat(gaps.watched()).containsExactly(new SettledGaps.WatchedGap(3, 3, false, false));
    }

    @Test
    void a_gap_settles_once_it_is_old_enough_and_every_transaction_before_its_fence_ended() {
        gaps.finalThrough(0, new long[]{1, 2, 4, 5}, horizon(10, 10, T0), T0);

        // old enough: the fence is xmax = 12; a transaction below it (11) is still in flight
        Instant later = T0.plusSeconds(1);
        assertThat(gaps.finalThrough(0, new long[]{1, 2, 4, 5}, horizon(11, 12, later), later)).isEqualTo(2);
        assertThat(gaps.watched()).containsExactly(new SettledGaps.WatchedGap(3, 3, true, false));

        // that transaction ended (whatever it did, position 3 is still missing): settled
        Instant then = later.plusMillis(100);
        assertThat(gaps.finalThrough(0, new long[]{1, 2, 4, 5}, horizon(12, 14, then), then)).isEqualTo(5);
        assertThat(gaps.watched()).containsExactly(new SettledGaps.WatchedGap(3, 3, true, true));
    }

    @Test
    void a_gap_is_not_fenced_before_its_time_however_quiet_the_database() {
        gaps.finalThrough(0, new long[]{1, 3}, horizon(10, 10, T0), T0);
        Instant soon = T0.plusMillis(999);

        assertThat(gaps.finalThrough(0, new long[]{1, 3}, horizon(50, 50, soon), soon)).isEqualTo(1);
    }

    @Test
    void a_transaction_that_commits_into_the_gap_is_read_in_order() {
        gaps.finalThrough(0, new long[]{1, 2, 4}, horizon(10, 10, T0), T0);

        assertThat(gaps.finalThrough(0, new long[]{1, 2, 3, 4}, horizon(10, 11, T0), T0)).isEqualTo(4);
    }

    @Test
    void part_of_a_run_keeps_the_time_the_run_was_first_seen() {
        gaps.finalThrough(0, new long[]{1, 5}, horizon(10, 10, T0), T0);
        Instant later = T0.plusSeconds(2);

        // 3 committed meanwhile; 2 and 4 are parts of the run 2..4 seen at T0, so old enough at once
        assertThat(gaps.finalThrough(0, new long[]{1, 3, 5}, horizon(20, 20, later), later)).isEqualTo(5);
    }

    @Test
    void positions_at_or_below_the_sealed_floor_need_no_judging() {
        gaps.finalThrough(0, new long[]{1, 4}, horizon(10, 10, T0), T0);
        gaps.settledThrough(4);

        assertThat(gaps.watched()).isEmpty();
        assertThat(gaps.finalThrough(0, new long[]{1, 4, 5}, horizon(10, 10, T0), T0)).isEqualTo(5);
    }

    private static TransactionHorizon horizon(long xmin, long xmax, Instant at) {
        return new TransactionHorizon(xmin, xmax, at);
    }
}
