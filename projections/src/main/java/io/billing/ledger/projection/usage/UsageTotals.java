package io.billing.ledger.projection.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Reads the usage summaries that {@link UsageSummaryProjection} builds; totals are summed here. */
@Component
public class UsageTotals {

    /** The usage of the period rows in {@code p}, summed from the log; voided records count for nothing. */
    private static final String WITH_TOTALS = """
            SELECT p.period_start, p.period_end, p.closed, u.total_quantity, u.event_count
            FROM %s p
            CROSS JOIN LATERAL (
                SELECT COALESCE(SUM(r.quantity), 0) AS total_quantity, count(*) AS event_count
                FROM usage_record_log r
                WHERE r.subscription_id = p.subscription_id AND r.period_start = p.period_start AND NOT r.voided) u""";

    private static final RowMapper<PeriodUsage> MAPPER = (rs, row) -> new PeriodUsage(
            rs.getTimestamp("period_start").toInstant(),
            rs.getTimestamp("period_end").toInstant(),
            rs.getBoolean("closed"),
            exactLong(rs.getBigDecimal("total_quantity")),
            rs.getLong("event_count"));

    private final JdbcTemplate jdbc;

    public UsageTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The period of the subscription that starts at {@code periodStart}, with its usage. */
    public Optional<PeriodUsage> period(String subscriptionId, Instant periodStart) {
        return jdbc.query(WITH_TOTALS.formatted("usage_periods")
                                + " WHERE p.subscription_id = ? AND p.period_start = ?",
                        MAPPER, subscriptionId, Timestamp.from(periodStart))
                .stream().findFirst();
    }

    /** The subscription's latest period (the greatest start), with its usage. */
    public Optional<PeriodUsage> latest(String subscriptionId) {
        return jdbc.query(WITH_TOTALS.formatted("""
                                (SELECT * FROM usage_periods WHERE subscription_id = ?
                                 ORDER BY period_start DESC LIMIT 1)"""),
                        MAPPER, subscriptionId)
                .stream().findFirst();
    }

    /** The start of the subscription's latest period, without summing anything. */
    public Optional<Instant> latestStart(String subscriptionId) {
        return instant(jdbc.queryForObject("SELECT max(period_start) FROM usage_periods WHERE subscription_id = ?",
                Timestamp.class, subscriptionId));
    }

    /** The start of the period just before the one starting at {@code periodStart}, if there is one. */
    public Optional<Instant> previousStart(String subscriptionId, Instant periodStart) {
        return instant(jdbc.queryForObject("""
                        SELECT max(period_start) FROM usage_periods
                        WHERE subscription_id = ? AND period_start < ?""",
                Timestamp.class, subscriptionId, Timestamp.from(periodStart)));
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }

    /** SUM(bigint) is numeric in PostgreSQL; a total beyond a long is an error, never a wrapped number. */
    private static long exactLong(BigDecimal value) {
        return value == null ? 0 : value.longValueExact();
    }
}
