package io.billing.ledger.projection.usage;

import java.time.Instant;

/**
 * Which periods still take usage — the rule ingestion applies: the current (latest) period,
 * and the one just before it until its invoice is finalized (the period is closed).
 */
public final class UsageWindow {

    private UsageWindow() {
    }

    /**
     * @param periodStart   the start of the period in question
     * @param closed        whether invoicing closed it
     * @param latestStart   the start of the subscription's latest period
     * @param previousStart the start of the period just before the latest, null when there is none
     */
    public static boolean isOpen(Instant periodStart, boolean closed, Instant latestStart, Instant previousStart) {
        if (closed) {
            return false;
        }
        return periodStart.equals(latestStart) || periodStart.equals(previousStart);
    }
}
