package io.billing.ledger.query.metrics;

import io.billing.ledger.api.metrics.MetricsInterval;
import io.billing.ledger.api.metrics.MrrView.Point;
import io.billing.ledger.projection.metrics.MrrChange;
import io.billing.ledger.projection.metrics.RevenueHistory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The points of an MRR series and MRR at each: the window's start, then a step of the interval
 * at a time (a UTC day, 7 days, a calendar month from the start's day and time), and the window's
 * end. MRR at an instant is the daily series up to the day before, plus the changes of that day
 * that took effect at or before the instant (time travel between the daily points).
 */
final class MrrSeries {

    private MrrSeries() {
    }

    /** The instants of the series: {@code from}, each step before {@code to}, and {@code to}. */
    static List<Instant> instants(Instant from, Instant to, MetricsInterval interval, int limit) {
        List<Instant> points = new ArrayList<>();
        for (int k = 0; ; k++) {
            Instant point = step(from, interval, k);
            if (!point.isBefore(to)) {
                break;
            }
            points.add(point);
            if (points.size() > limit) {
                return points; // the caller refuses a window this long
            }
        }
        points.add(to);
        return points;
    }

    private static Instant step(Instant from, MetricsInterval interval, int k) {
        return switch (interval) {
            case DAY -> from.plusSeconds(86_400L * k);
            case WEEK -> from.plusSeconds(7 * 86_400L * k);
            case MONTH -> from.atOffset(ZoneOffset.UTC).plusMonths(k).toInstant();
        };
    }

    static List<Point> points(RevenueHistory history, List<Instant> instants) {
        NavigableMap<LocalDate, Long> endOfDay = new TreeMap<>();
        long running = 0;
        for (Map.Entry<LocalDate, Long> day : history.dailyDeltas().entrySet()) {
            running = Math.addExact(running, day.getValue());
            endOfDay.put(day.getKey(), running);
        }
        List<Point> points = new ArrayList<>();
        for (Instant instant : instants) {
            LocalDate day = instant.atOffset(ZoneOffset.UTC).toLocalDate();
            Map.Entry<LocalDate, Long> before = endOfDay.lowerEntry(day);
            long mrr = before == null ? 0 : before.getValue();
            List<MrrChange> changes = history.changes();
            for (int i = firstAtOrAfter(changes, day.atStartOfDay().toInstant(ZoneOffset.UTC));
                 i < changes.size() && !changes.get(i).at().isAfter(instant); i++) {
                mrr = Math.addExact(mrr, changes.get(i).deltaCents());
            }
            points.add(new Point(instant, mrr));
        }
        return points;
    }

    /** The index of the first change at or after {@code instant} (changes are in time order). */
    private static int firstAtOrAfter(List<MrrChange> changes, Instant instant) {
        int low = 0;
        int high = changes.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (changes.get(middle).at().isBefore(instant)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
