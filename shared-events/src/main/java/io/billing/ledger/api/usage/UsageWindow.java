package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;
import java.util.Optional;

/**
 * Which periods take usage, the one rule that ingestion applies to a record and the usage
 * summary shows as {@code open}: the subscription's latest period, and the one just before it
 * until its invoice is finalized (the period is then closed).
 */
public final class UsageWindow {

    private UsageWindow() {
    }

    /**
     * The period of the window a record dated {@code timestamp} falls in, before asking whether it
     * is closed: the latest period, or the previous one (from {@code previousStart} to the latest's
     * start); empty when the record is older than both. A timestamp at or after the latest period's
     * end is in no period yet.
     */
    public static Optional<BillingPeriod> periodOf(Instant timestamp, BillingPeriod latest, Instant previousStart) {
        if (latest.contains(timestamp)) {
            return Optional.of(latest);
        }
        if (previousStart != null && !timestamp.isBefore(previousStart) && timestamp.isBefore(latest.start())) {
            return Optional.of(BillingPeriod.of(previousStart, latest.start()));
        }
        return Optional.empty();
    }

    /**
     * @param periodStart   the start of the period in question
     * @param closed        whether invoicing closed it
     * @param latestStart   the start of the subscription's latest period
     * @param previousStart the start of the period just before the latest, null when there is none
     */
    public static boolean isOpen(Instant periodStart, boolean closed, Instant latestStart, Instant previousStart) {
        return !closed && (periodStart.equals(latestStart) || periodStart.equals(previousStart));
    }
}
