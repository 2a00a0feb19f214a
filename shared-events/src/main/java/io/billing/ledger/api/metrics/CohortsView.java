package io.billing.ledger.api.metrics;

import java.util.List;

/**
 * Customers of one currency grouped by the month of their first paid period ({@code month},
 * {@code yyyy-MM}, UTC); for that month and each later one up to the window's end, how many of
 * them still pay and their MRR at the month's end (docs/metrics.md).
 */
public record CohortsView(String currency, List<Cohort> cohorts) {

    public record Cohort(String month, long customers, List<Retention> retention) {
    }

    public record Retention(String month, long customers, long mrrCents) {
    }
}
