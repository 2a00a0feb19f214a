package io.billing.ledger.api.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Monthly recurring revenue of one currency: the series (the first point is the window's start,
 * the last its end) and the movements between them, which add up exactly to last − first
 * (docs/metrics.md). Churn and contraction are negative.
 */
public record MrrView(String currency, List<Point> series, Movements movements) {

    public record Point(Instant at, long mrrCents) {
    }

    public record Movements(long newCents, long expansionCents, long contractionCents, long churnCents,
                            long reactivationCents) {

        public long total() {
            return Math.addExact(Math.addExact(Math.addExact(Math.addExact(newCents, expansionCents),
                    contractionCents), churnCents), reactivationCents);
        }
    }
}
