package io.billing.ledger.command.billing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The day of month and time of day (UTC) on which a subscription's billing periods turn over.
 * The day is capped at 28 so that every month has exactly one boundary (DESIGN §4).
 */
public record BillingAnchor(int dayOfMonth, LocalTime timeOfDay) {

    public static final int LAST_ANCHOR_DAY = 28;

    public BillingAnchor {
        requireAnchorDay(dayOfMonth);
        Objects.requireNonNull(timeOfDay, "timeOfDay");
    }

    /** The default anchor: the start's day of month capped at 28, at the start's time of day. */
    public static BillingAnchor defaultFor(Instant paidStart) {
        Objects.requireNonNull(paidStart, "paidStart");
        int dayOfMonth = paidStart.atOffset(ZoneOffset.UTC).getDayOfMonth();
        return new BillingAnchor(Math.min(dayOfMonth, LAST_ANCHOR_DAY), timeOfDayOf(paidStart));
    }

    /** An explicitly chosen anchor day; the time of day is still the start's. */
    public static BillingAnchor onDay(int dayOfMonth, Instant paidStart) {
        requireAnchorDay(dayOfMonth);
        Objects.requireNonNull(paidStart, "paidStart");
        return new BillingAnchor(dayOfMonth, timeOfDayOf(paidStart));
    }

    private static LocalTime timeOfDayOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalTime();
    }

    private static void requireAnchorDay(int dayOfMonth) {
        if (dayOfMonth < 1 || dayOfMonth > LAST_ANCHOR_DAY) {
            throw new IllegalArgumentException(
                    "billing anchor day must be between 1 and " + LAST_ANCHOR_DAY + ", was " + dayOfMonth);
        }
    }
}
