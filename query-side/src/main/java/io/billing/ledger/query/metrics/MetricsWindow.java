package io.billing.ledger.query.metrics;

import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.metrics.MetricsInterval;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * The window of a metrics request, checked (docs/metrics.md, "Asking"): {@code to} defaults to now,
 * {@code from} to 30 days before {@code to} (a year for cohorts); {@code to} must be after
 * {@code from}, a window at most 3660 days, a series at most {@value #MAX_POINTS} points.
 */
record MetricsWindow(Instant from, Instant to) {

    static final Duration MAX_LENGTH = Duration.ofDays(3660);
    static final int MAX_POINTS = 1000;

    static MetricsWindow of(Instant from, Instant to, Instant now, Duration defaultLength) {
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : end.minus(defaultLength);
        if (!end.isAfter(start)) {
            throw new InvalidRequestException("to", "invalid_window", "to must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new InvalidRequestException("from", "window_too_large",
                    "the window from from to to may span at most 3660 days");
        }
        return new MetricsWindow(start, end);
    }

    /** The series' instants at this interval, refused when there would be more than {@value #MAX_POINTS}. */
    List<Instant> seriesAt(MetricsInterval interval) {
        List<Instant> instants = MrrSeries.instants(from, to, interval, MAX_POINTS);
        if (instants.size() > MAX_POINTS) {
            throw new InvalidRequestException("interval", "too_many_points", "the series would have more than "
                    + MAX_POINTS + " points: choose a shorter window or a longer interval");
        }
        return instants;
    }

    static MetricsInterval interval(String value) {
        if (value == null) {
            return MetricsInterval.DAY;
        }
        try {
            return MetricsInterval.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("interval", "invalid_value", "interval must be day, week or month");
        }
    }

    /** A real ISO-4217 code in any case, answered lower-case; null stays null (the ledger's currency is used). */
    static String currency(String value) {
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        boolean known = !upper.startsWith("X")
                && Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(upper));
        if (!known) {
            throw new InvalidRequestException("currency", "invalid_currency",
                    "currency must be an ISO-4217 currency code such as usd or eur");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
