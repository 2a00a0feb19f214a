package io.billing.ledger.server.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Counts read from the database for gauges, at most once per {@code maxAge} however many gauges
 * (and nodes' scrapes) read them: a scrape must not become a load on PostgreSQL. A failed read
 * keeps nothing, so the gauges read NaN (absent in Prometheus) while the database is away.
 */
final class TableCounts {

    private static final Logger log = LoggerFactory.getLogger(TableCounts.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration maxAge;
    private final Function<JdbcTemplate, Map<String, Double>> read;
    private Map<String, Double> values = Map.of();
    private Instant readAt = Instant.MIN;

    TableCounts(JdbcTemplate jdbc, Clock clock, Duration maxAge, Function<JdbcTemplate, Map<String, Double>> read) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxAge = maxAge;
        this.read = read;
    }

    /** The value under {@code key} (0 when the query found no such row), NaN when the database cannot be read. */
    synchronized double get(String key) {
        Instant now = clock.instant();
        if (readAt.plus(maxAge).isBefore(now)) {
            try {
                values = new HashMap<>(read.apply(jdbc));
                readAt = now;
            } catch (RuntimeException e) {
                log.debug("Could not read the counts behind a gauge", e);
                values = null;
                readAt = Instant.MIN;
            }
        }
        if (values == null) {
            return Double.NaN;
        }
        return values.getOrDefault(key, 0.0);
    }
}
