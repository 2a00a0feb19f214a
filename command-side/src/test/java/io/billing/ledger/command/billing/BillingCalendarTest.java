package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;

import static io.billing.ledger.api.plan.BillingInterval.MONTH;
import static io.billing.ledger.api.plan.BillingInterval.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worked calendar examples of docs/billing-math.md, with their exact numbers. */
class BillingCalendarTest {

    private static final long DAY = 86_400;

    private static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    private static BillingPeriod period(String start, String end) {
        return BillingPeriod.of(at(start), at(end));
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }

    @Test
    void the_default_anchor_is_the_start_day_and_time_of_day() {
        BillingCalendar calendar = BillingCalendar.startingAt(at("2025-03-15T12:30:05Z"), MONTH);

        assertThat(calendar.anchor()).isEqualTo(new BillingAnchor(15, LocalTime.of(12, 30, 5)));
        assertThat(calendar.firstPeriod(at("2025-03-15T12:30:05Z")))
                .isEqualTo(period("2025-03-15T12:30:05Z", "2025-04-15T12:30:05Z"));
    }

    @Test
    void a_start_on_the_31st_anchors_on_the_28th() {
        Instant start = at("2025-01-31T10:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH);

        assertThat(calendar.anchor()).isEqualTo(new BillingAnchor(28, LocalTime.of(10, 0)));
        BillingPeriod first = calendar.firstPeriod(start);
        assertThat(first).isEqualTo(period("2025-01-31T10:00:00Z", "2025-02-28T10:00:00Z"));
        assertThat(first.seconds()).isEqualTo(28 * DAY);
        assertThat(calendar.periodAfter(first)).isEqualTo(period("2025-02-28T10:00:00Z", "2025-03-28T10:00:00Z"));
    }

    @Test
    void a_short_first_period_after_the_31st_is_charged_28_of_31_days() {
        Instant start = at("2025-01-31T10:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH);
        BillingPeriod full = calendar.periodContaining(start);

        assertThat(full).isEqualTo(period("2025-01-28T10:00:00Z", "2025-02-28T10:00:00Z"));
        assertThat(full.seconds()).isEqualTo(31 * DAY);
        assertThat(calendar.isFullPeriod(calendar.firstPeriod(start))).isFalse();
        assertThat(Proration.firstPeriodFee(usd(3100), 1, calendar.firstPeriod(start), full)).isEqualTo(usd(2800));
    }

    @Test
    void a_start_on_29_february_2028_anchors_on_the_28th_and_charges_28_of_29_days() {
        Instant start = at("2028-02-29T09:30:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH);

        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);
        assertThat(first).isEqualTo(period("2028-02-29T09:30:00Z", "2028-03-28T09:30:00Z"));
        assertThat(full).isEqualTo(period("2028-02-28T09:30:00Z", "2028-03-28T09:30:00Z"));
        assertThat(first.seconds()).isEqualTo(28 * DAY);
        assertThat(full.seconds()).isEqualTo(29 * DAY);
        assertThat(Proration.firstPeriodFee(usd(2900), 1, first, full)).isEqualTo(usd(2800));
    }

    @Test
    void february_of_a_leap_year_is_a_29_day_period() {
        BillingCalendar calendar = BillingCalendar.startingAt(at("2028-01-28T00:00:00Z"), MONTH);

        BillingPeriod january = calendar.firstPeriod(at("2028-01-28T00:00:00Z"));
        BillingPeriod february = calendar.periodAfter(january);
        assertThat(january.seconds()).isEqualTo(31 * DAY);
        assertThat(february).isEqualTo(period("2028-02-28T00:00:00Z", "2028-03-28T00:00:00Z"));
        assertThat(february.seconds()).isEqualTo(29 * DAY);
    }

    @Test
    void a_yearly_plan_started_on_29_february_renews_on_28_february() {
        Instant start = at("2028-02-29T09:30:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, YEAR);

        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);
        assertThat(calendar.anchorMonth()).isEqualTo(Month.FEBRUARY);
        assertThat(first).isEqualTo(period("2028-02-29T09:30:00Z", "2029-02-28T09:30:00Z"));
        assertThat(full).isEqualTo(period("2028-02-28T09:30:00Z", "2029-02-28T09:30:00Z"));
        assertThat(first.seconds()).isEqualTo(365 * DAY);
        assertThat(full.seconds()).isEqualTo(366 * DAY);
        assertThat(Proration.firstPeriodFee(usd(36_600), 1, first, full)).isEqualTo(usd(36_500));
        assertThat(calendar.periodAfter(first)).isEqualTo(period("2029-02-28T09:30:00Z", "2030-02-28T09:30:00Z"));
    }

    @Test
    void a_yearly_plan_renews_on_the_anchor_day_and_time_in_the_start_month() {
        Instant start = at("2025-03-15T12:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, YEAR);

        BillingPeriod first = calendar.firstPeriod(start);
        assertThat(first).isEqualTo(period("2025-03-15T12:00:00Z", "2026-03-15T12:00:00Z"));
        assertThat(calendar.isFullPeriod(first)).isTrue();
        BillingPeriod second = calendar.periodAfter(first);
        assertThat(second).isEqualTo(period("2026-03-15T12:00:00Z", "2027-03-15T12:00:00Z"));
        assertThat(calendar.periodAfter(second)).isEqualTo(period("2027-03-15T12:00:00Z", "2028-03-15T12:00:00Z"));
        assertThat(Proration.firstPeriodFee(usd(120_000), 1, first, calendar.periodContaining(start)))
                .isEqualTo(usd(120_000));
    }

    @Test
    void a_yearly_plan_with_anchor_day_1_charges_351_of_365_days_first() {
        Instant start = at("2025-03-15T12:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, YEAR, 1);

        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);
        assertThat(first).isEqualTo(period("2025-03-15T12:00:00Z", "2026-03-01T12:00:00Z"));
        assertThat(full).isEqualTo(period("2025-03-01T12:00:00Z", "2026-03-01T12:00:00Z"));
        assertThat(first.seconds()).isEqualTo(351 * DAY);
        assertThat(full.seconds()).isEqualTo(365 * DAY);
        // 120000 × 351 / 365 = 115397.26…
        assertThat(Proration.firstPeriodFee(usd(120_000), 1, first, full)).isEqualTo(usd(115_397));
    }

    @Test
    void anchor_day_1_turns_over_on_the_first_of_every_month() {
        Instant start = at("2025-03-01T00:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH);

        BillingPeriod march = calendar.firstPeriod(start);
        assertThat(march).isEqualTo(period("2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z"));
        assertThat(calendar.isFullPeriod(march)).isTrue();
        BillingPeriod april = calendar.periodAfter(march);
        assertThat(april).isEqualTo(period("2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z"));
        assertThat(march.seconds()).isEqualTo(31 * DAY);
        assertThat(april.seconds()).isEqualTo(30 * DAY);
    }

    @Test
    void an_explicit_anchor_day_1_in_mid_month_charges_17_of_31_days_first() {
        Instant start = at("2025-03-15T12:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH, 1);

        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);
        assertThat(first).isEqualTo(period("2025-03-15T12:00:00Z", "2025-04-01T12:00:00Z"));
        assertThat(full).isEqualTo(period("2025-03-01T12:00:00Z", "2025-04-01T12:00:00Z"));
        assertThat(Proration.firstPeriodFee(usd(3100), 1, first, full)).isEqualTo(usd(1700));
    }

    @Test
    void anchor_day_28_turns_over_on_the_28th_of_every_month() {
        Instant start = at("2025-02-28T00:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH, 28);

        BillingPeriod february = calendar.firstPeriod(start);
        assertThat(february).isEqualTo(period("2025-02-28T00:00:00Z", "2025-03-28T00:00:00Z"));
        assertThat(february.seconds()).isEqualTo(28 * DAY);
        assertThat(calendar.periodAfter(calendar.periodAfter(february)))
                .isEqualTo(period("2025-04-28T00:00:00Z", "2025-05-28T00:00:00Z"));
    }

    @Test
    void a_partial_first_period_with_a_given_anchor_day_is_prorated_against_the_period_it_lies_in() {
        Instant start = at("2025-01-10T10:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH, 15);

        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);
        assertThat(first).isEqualTo(period("2025-01-10T10:00:00Z", "2025-01-15T10:00:00Z"));
        assertThat(full).isEqualTo(period("2024-12-15T10:00:00Z", "2025-01-15T10:00:00Z"));
        assertThat(first.seconds()).isEqualTo(5 * DAY);
        assertThat(full.seconds()).isEqualTo(31 * DAY);
        assertThat(Proration.firstPeriodFee(usd(3100), 3, first, full)).isEqualTo(usd(1500));
        // 1999 × 5 / 31 = 322.419…
        assertThat(Proration.firstPeriodFee(usd(1999), 1, first, full)).isEqualTo(usd(322));
        assertThat(calendar.periodAfter(first)).isEqualTo(period("2025-01-15T10:00:00Z", "2025-02-15T10:00:00Z"));
    }

    @Test
    void a_start_exactly_on_the_anchor_is_a_full_first_period() {
        Instant start = at("2025-01-15T10:00:00Z");
        BillingCalendar calendar = BillingCalendar.startingAt(start, MONTH, 15);

        assertThat(calendar.firstPeriod(start)).isEqualTo(period("2025-01-15T10:00:00Z", "2025-02-15T10:00:00Z"));
        assertThat(calendar.isFullPeriod(calendar.firstPeriod(start))).isTrue();
    }

    @Test
    void a_trial_of_14_days_runs_14_times_86400_seconds_and_anchors_the_paid_periods_at_its_end() {
        Instant start = at("2025-01-20T15:45:00Z");
        BillingPeriod trial = BillingCalendar.trialPeriod(start, 14);

        assertThat(trial).isEqualTo(period("2025-01-20T15:45:00Z", "2025-02-03T15:45:00Z"));
        assertThat(trial.seconds()).isEqualTo(1_209_600);
        assertThat(BillingCalendar.paidStart(start, 14)).isEqualTo(trial.end());
        BillingCalendar calendar = BillingCalendar.startingAt(trial.end(), MONTH);
        assertThat(calendar.anchor()).isEqualTo(new BillingAnchor(3, LocalTime.of(15, 45)));
        assertThat(calendar.firstPeriod(trial.end())).isEqualTo(period("2025-02-03T15:45:00Z", "2025-03-03T15:45:00Z"));
    }

    @Test
    void a_trial_ending_on_the_31st_anchors_the_paid_periods_on_the_28th() {
        Instant start = at("2025-01-17T08:00:00Z");
        Instant paidStart = BillingCalendar.paidStart(start, 14);
        BillingCalendar calendar = BillingCalendar.startingAt(paidStart, MONTH);

        assertThat(paidStart).isEqualTo(at("2025-01-31T08:00:00Z"));
        BillingPeriod first = calendar.firstPeriod(paidStart);
        assertThat(first).isEqualTo(period("2025-01-31T08:00:00Z", "2025-02-28T08:00:00Z"));
        assertThat(Proration.firstPeriodFee(usd(3100), 1, first, calendar.periodContaining(paidStart)))
                .isEqualTo(usd(2800));
    }

    @Test
    void without_a_trial_the_paid_periods_start_at_the_start() {
        Instant start = at("2025-01-17T08:00:00Z");

        assertThat(BillingCalendar.paidStart(start, 0)).isEqualTo(start);
    }

    @Test
    void the_full_period_of_an_instant_is_half_open() {
        BillingCalendar calendar = BillingCalendar.startingAt(at("2025-01-15T10:00:00Z"), MONTH);

        assertThat(calendar.periodContaining(at("2025-02-15T10:00:00Z")))
                .isEqualTo(period("2025-02-15T10:00:00Z", "2025-03-15T10:00:00Z"));
        assertThat(calendar.periodContaining(at("2025-02-15T09:59:59Z")))
                .isEqualTo(period("2025-01-15T10:00:00Z", "2025-02-15T10:00:00Z"));
    }

    @Test
    void an_anchor_day_outside_1_to_28_is_refused() {
        Instant start = at("2025-01-15T10:00:00Z");

        assertThatThrownBy(() -> BillingCalendar.startingAt(start, MONTH, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 28, was 0");
        assertThatThrownBy(() -> BillingCalendar.startingAt(start, YEAR, 29))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 28, was 29");
        assertThatThrownBy(() -> new BillingAnchor(31, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_trial_of_no_days_or_negative_days_is_refused() {
        Instant start = at("2025-01-15T10:00:00Z");

        assertThatThrownBy(() -> BillingCalendar.trialPeriod(start, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 day");
        assertThatThrownBy(() -> BillingCalendar.paidStart(start, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void the_period_after_one_that_does_not_end_on_a_boundary_is_refused() {
        BillingCalendar calendar = BillingCalendar.startingAt(at("2025-01-15T10:00:00Z"), MONTH);

        assertThatThrownBy(() -> calendar.periodAfter(period("2025-01-15T10:00:00Z", "2025-02-14T10:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not end on a boundary");
    }

    @Test
    void monthly_and_yearly_calendars_of_the_same_start_differ_only_in_their_boundaries() {
        Instant start = at("2025-06-10T00:00:00Z");

        for (BillingInterval interval : BillingInterval.values()) {
            BillingCalendar calendar = BillingCalendar.startingAt(start, interval);
            assertThat(calendar.anchor()).isEqualTo(new BillingAnchor(10, LocalTime.MIDNIGHT));
            assertThat(calendar.firstPeriod(start).start()).isEqualTo(start);
        }
        assertThat(BillingCalendar.startingAt(start, MONTH).firstPeriod(start).end()).isEqualTo(at("2025-07-10T00:00:00Z"));
        assertThat(BillingCalendar.startingAt(start, YEAR).firstPeriod(start).end()).isEqualTo(at("2026-06-10T00:00:00Z"));
    }

    @Test
    void a_trial_of_one_day_is_the_shortest() {
        Instant start = Instant.parse("2026-01-10T08:00:00Z");

        assertThat(BillingCalendar.trialPeriod(start, 1))
                .isEqualTo(io.billing.ledger.api.money.BillingPeriod.of(start, start.plusSeconds(86_400)));
        assertThat(BillingCalendar.paidStart(start, 1)).isEqualTo(start.plusSeconds(86_400));
    }

    @Test
    void an_explicit_anchor_day_is_checked_before_the_start() {
        assertThatThrownBy(() -> BillingAnchor.onDay(29, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("billing anchor day must be between 1 and 28, was 29");
        assertThatThrownBy(() -> BillingAnchor.onDay(0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
