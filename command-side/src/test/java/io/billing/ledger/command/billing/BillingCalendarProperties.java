package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §4's calendar invariants, over any start, interval and anchor day. */
class BillingCalendarProperties {

    private static final long FROM_2000 = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final long TO_2200 = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();

    /** Whole seconds mostly, and now and then a fraction, as a real clock gives. */
    @Provide
    Arbitrary<Instant> starts() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(FROM_2000, TO_2200);
        Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 999_999_999)));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /** Anchor day 0 stands for "none given": the default anchor. */
    private static BillingCalendar calendar(Instant start, BillingInterval interval, int anchorDay) {
        return anchorDay == 0
                ? BillingCalendar.startingAt(start, interval)
                : BillingCalendar.startingAt(start, interval, anchorDay);
    }

    private static List<BillingPeriod> successivePeriods(BillingCalendar calendar, Instant start, int count) {
        List<BillingPeriod> periods = new ArrayList<>();
        periods.add(calendar.firstPeriod(start));
        while (periods.size() < count) {
            periods.add(calendar.periodAfter(periods.get(periods.size() - 1)));
        }
        return periods;
    }

    private static void assertFullLength(BillingInterval interval, BillingPeriod period) {
        Duration length = period.length();
        switch (interval) {
            case MONTH -> assertThat(length).isBetween(Duration.ofDays(28), Duration.ofDays(31));
            case YEAR -> assertThat(length).isBetween(Duration.ofDays(365), Duration.ofDays(366));
        }
    }

    @Property
    void successive_periods_are_contiguous_and_strictly_increasing(@ForAll("starts") Instant start,
                                                                    @ForAll BillingInterval interval,
                                                                    @ForAll @IntRange(min = 0, max = 28) int anchorDay,
                                                                    @ForAll @IntRange(min = 1, max = 30) int count) {
        BillingCalendar calendar = calendar(start, interval, anchorDay);
        List<BillingPeriod> periods = successivePeriods(calendar, start, count);

        assertThat(periods.get(0).start()).isEqualTo(start);
        for (int i = 0; i + 1 < periods.size(); i++) {
            assertThat(periods.get(i + 1).start()).isEqualTo(periods.get(i).end());
            assertThat(periods.get(i + 1).end()).isAfter(periods.get(i).end());
        }
        for (BillingPeriod period : periods) {
            assertThat(calendar.isBoundary(period.end())).isTrue();
        }
        for (BillingPeriod period : periods.subList(1, periods.size())) {
            assertThat(calendar.isFullPeriod(period)).isTrue();
            assertFullLength(interval, period);
        }
    }

    @Property
    void every_instant_falls_in_exactly_one_period(@ForAll("starts") Instant start,
                                                   @ForAll BillingInterval interval,
                                                   @ForAll @IntRange(min = 0, max = 28) int anchorDay,
                                                   @ForAll @IntRange(min = 1, max = 24) int count,
                                                   @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        BillingCalendar calendar = calendar(start, interval, anchorDay);
        List<BillingPeriod> periods = successivePeriods(calendar, start, count);
        long spanNanos = Duration.between(start, periods.get(periods.size() - 1).end()).toNanos();
        Instant instant = start.plusNanos(seed % spanNanos);

        List<BillingPeriod> holding = periods.stream().filter(period -> period.contains(instant)).toList();

        assertThat(holding).hasSize(1);
        BillingPeriod full = calendar.periodContaining(instant);
        assertThat(full.contains(instant)).isTrue();
        assertThat(full.end()).isEqualTo(holding.get(0).end());
        if (!holding.get(0).equals(periods.get(0))) {
            assertThat(full).isEqualTo(holding.get(0));
        }
    }

    @Property
    void the_full_period_of_an_instant_runs_between_two_boundaries(@ForAll("starts") Instant start,
                                                                   @ForAll BillingInterval interval,
                                                                   @ForAll @IntRange(min = 0, max = 28) int anchorDay,
                                                                   @ForAll("starts") Instant instant) {
        BillingCalendar calendar = calendar(start, interval, anchorDay);
        BillingPeriod full = calendar.periodContaining(instant);

        assertThat(full.contains(instant)).isTrue();
        assertThat(calendar.isBoundary(full.start())).isTrue();
        assertThat(calendar.isBoundary(full.end())).isTrue();
        assertThat(calendar.periodAfter(full).start()).isEqualTo(full.end());
        assertFullLength(interval, full);
    }

    @Property
    void a_first_period_is_the_tail_of_a_full_period_and_never_costs_more(@ForAll("starts") Instant start,
                                                                          @ForAll BillingInterval interval,
                                                                          @ForAll @IntRange(min = 0, max = 28) int anchorDay,
                                                                          @ForAll @LongRange(min = 0, max = 100_000_000) long price) {
        BillingCalendar calendar = calendar(start, interval, anchorDay);
        BillingPeriod first = calendar.firstPeriod(start);
        BillingPeriod full = calendar.periodContaining(start);

        assertThat(first.end()).isEqualTo(full.end());
        assertThat(first.start()).isAfterOrEqualTo(full.start());
        Money fee = Proration.firstPeriodFee(Money.of(price, "usd"), 1, first, full);
        assertThat(fee.amount()).isBetween(0L, price);
        if (calendar.isFullPeriod(first)) {
            assertThat(fee.amount()).isEqualTo(price);
        }
    }

    @Property
    void without_an_anchor_day_a_start_on_day_28_or_earlier_begins_a_full_period(@ForAll("starts") Instant start,
                                                                                  @ForAll BillingInterval interval) {
        BillingCalendar calendar = BillingCalendar.startingAt(start, interval);
        boolean onAnAnchorableDay = start.atOffset(ZoneOffset.UTC).getDayOfMonth() <= 28;

        assertThat(calendar.isFullPeriod(calendar.firstPeriod(start))).isEqualTo(onAnAnchorableDay);
    }
}
