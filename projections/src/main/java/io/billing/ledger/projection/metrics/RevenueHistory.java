package io.billing.ledger.projection.metrics;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;

/**
 * A currency's revenue timeline up to an instant: every change in the order it took effect, and the
 * daily series (each UTC day's net change) up to that instant's day.
 */
public record RevenueHistory(List<MrrChange> changes, NavigableMap<LocalDate, Long> dailyDeltas) {
}
