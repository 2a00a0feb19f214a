package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.plan.BillingInterval;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where a subscription's billing periods begin and end (DESIGN §4, docs/billing-math.md).
 * All in UTC; periods are half-open {@code [start, end)}. Monthly boundaries fall on the
 * anchor day and time every month; yearly ones on the anchor day and time in
 * {@code anchorMonth} (the month the paid periods started) every year.
 */
public record BillingCalendar(BillingInterval interval, BillingAnchor anchor, Month anchorMonth) {

    private static final long SECONDS_PER_DAY = 86_400;

    public BillingCalendar {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(anchorMonth, "anchorMonth");
    }

    /** The calendar of paid periods starting at {@code paidStart}, anchored on its day (capped at 28) and time. */
    public static BillingCalendar startingAt(Instant paidStart, BillingInterval interval) {
        return new BillingCalendar(interval, BillingAnchor.defaultFor(paidStart), monthOf(paidStart));
    }

    /** As {@link #startingAt(Instant, BillingInterval)}, but anchored on the given day (1–28) at the start's time. */
    public static BillingCalendar startingAt(Instant paidStart, BillingInterval interval, int anchorDay) {
        return new BillingCalendar(interval, BillingAnchor.onDay(anchorDay, paidStart), monthOf(paidStart));
    }

    /** A free trial: {@code [start, start + days × 86400 s)}; whole days of 86400 s, no calendar months. */
    public static BillingPeriod trialPeriod(Instant start, int trialDays) {
        Objects.requireNonNull(start, "start");
        if (trialDays < 1) {
            throw new IllegalArgumentException("a trial must last at least 1 day, was " + trialDays);
        }
        return BillingPeriod.of(start, start.plusSeconds(Math.multiplyExact(trialDays, SECONDS_PER_DAY)));
    }

    /** Where the paid periods start: at the subscription's start, or at its trial's end when it has one. */
    public static Instant paidStart(Instant start, int trialDays) {
        Objects.requireNonNull(start, "start");
        if (trialDays < 0) {
            throw new IllegalArgumentException("trial days must not be negative, was " + trialDays);
        }
        return trialDays == 0 ? start : trialPeriod(start, trialDays).end();
    }

    /** The first paid period: from {@code paidStart} to the first boundary strictly after it; may be partial. */
    public BillingPeriod firstPeriod(Instant paidStart) {
        return BillingPeriod.of(paidStart, firstBoundaryAfter(paidStart));
    }

    /** The full period {@code instant} lies in: from the boundary at or before it to the first boundary after it. */
    public BillingPeriod periodContaining(Instant instant) {
        return BillingPeriod.of(boundaryAtOrBefore(instant), firstBoundaryAfter(instant));
    }

    /** The period that follows {@code period}, which must end on a boundary of this calendar. */
    public BillingPeriod periodAfter(BillingPeriod period) {
        Objects.requireNonNull(period, "period");
        if (!isBoundary(period.end())) {
            throw new IllegalArgumentException("period " + period + " does not end on a boundary of " + this);
        }
        return BillingPeriod.of(period.end(), firstBoundaryAfter(period.end()));
    }

    /** Whether {@code period} is a whole period of this calendar rather than a partial first one. */
    public boolean isFullPeriod(BillingPeriod period) {
        Objects.requireNonNull(period, "period");
        return periodContaining(period.start()).equals(period);
    }

    public boolean isBoundary(Instant instant) {
        return boundaryAtOrBefore(instant).equals(instant);
    }

    public Instant firstBoundaryAfter(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        OffsetDateTime at = instant.atOffset(ZoneOffset.UTC);
        // Each month (or year) holds exactly one boundary, because the anchor day is at most 28.
        return switch (interval) {
            case MONTH -> {
                YearMonth month = YearMonth.from(at);
                Instant candidate = monthlyBoundary(month);
                yield candidate.isAfter(instant) ? candidate : monthlyBoundary(month.plusMonths(1));
            }
            case YEAR -> {
                int year = at.getYear();
                Instant candidate = yearlyBoundary(year);
                yield candidate.isAfter(instant) ? candidate : yearlyBoundary(year + 1);
            }
        };
    }

    public Instant boundaryAtOrBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        OffsetDateTime at = instant.atOffset(ZoneOffset.UTC);
        return switch (interval) {
            case MONTH -> {
                YearMonth month = YearMonth.from(at);
                Instant candidate = monthlyBoundary(month);
                yield candidate.isAfter(instant) ? monthlyBoundary(month.minusMonths(1)) : candidate;
            }
            case YEAR -> {
                int year = at.getYear();
                Instant candidate = yearlyBoundary(year);
                yield candidate.isAfter(instant) ? yearlyBoundary(year - 1) : candidate;
            }
        };
    }

    private Instant monthlyBoundary(YearMonth month) {
        return LocalDateTime.of(month.atDay(anchor.dayOfMonth()), anchor.timeOfDay()).toInstant(ZoneOffset.UTC);
    }

    private Instant yearlyBoundary(int year) {
        return LocalDateTime.of(LocalDate.of(year, anchorMonth, anchor.dayOfMonth()), anchor.timeOfDay())
                .toInstant(ZoneOffset.UTC);
    }

    private static Month monthOf(Instant instant) {
        Objects.requireNonNull(instant, "paidStart");
        return instant.atOffset(ZoneOffset.UTC).getMonth();
    }
}
