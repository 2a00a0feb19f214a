package io.billing.ledger.api.common;

import java.time.Instant;

/**
 * One clock per resource: an event about a resource on a test clock carries, in its metadata
 * under {@link #KEY}, the time of that clock when it happened (as Stripe's test clocks date
 * everything in simulated time). The read side dates the resource by it ({@code createdAt},
 * {@code updatedAt}, history, {@code asOf}); an event without it (a resource in real time)
 * is dated by when it was recorded.
 */
public final class ResourceTime {

    public static final String KEY = "clockTime";

    private ResourceTime() {
    }

    /** The metadata value for {@code instant}: ISO-8601 text, which every serializer keeps as it is. */
    public static String stamp(Instant instant) {
        return instant.toString();
    }

    /** The resource's time of an event: its clock time when it has one, else when it was recorded. */
    public static Instant of(Object clockTime, Instant recordedAt) {
        if (clockTime instanceof Instant instant) {
            return instant;
        }
        return clockTime == null ? recordedAt : Instant.parse(clockTime.toString());
    }
}
