package io.billing.ledger.projection.audit;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link AuditLogProjection} builds: a page is one index range read in the order
 * (createdAt, position) newest first (docs/audit.md, "Storage"). The total is not a count of
 * the matching rows, which grows with the store: it sums the per-day counters of
 * {@code audit_log_counts} over the whole months and days in the range and counts rows only in the
 * partial days at its ends (and for one resource, whose entries are few).
 */
@Component
public class AuditLogDirectory {

    /** The filters of {@code GET /v1/audit}; each may be null. {@code from} inclusive, {@code to} exclusive. */
    public record Filter(String resourceType, String resourceId, String actor, String action, Instant from,
                         Instant to) {
    }

    /** One entry as stored: {@code before} and {@code after} are the views' JSON documents. */
    public record Row(long position, String eventId, String actor, String action, String resourceType,
                      String resourceId, String before, String after, String requestId, String correlationId,
                      Instant clockTime, Instant createdAt) {
    }

    private static final RowMapper<Row> MAPPER = (rs, row) -> new Row(rs.getLong("position"),
            rs.getString("event_id"), rs.getString("actor"), rs.getString("action"), rs.getString("resource_type"),
            rs.getString("resource_id"), rs.getString("before"), rs.getString("after"), rs.getString("request_id"),
            rs.getString("correlation_id"), instant(rs.getTimestamp("clock_time")),
            rs.getTimestamp("created_at").toInstant());

    /** The counters' actor for every actor at once. */
    public static final String ALL_ACTORS = "*";
    /** Bounds of an open range, inside PostgreSQL's dates. */
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 1, 1);

    private final JdbcTemplate jdbc;

    public AuditLogDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first: by createdAt, then by position (the store's order) among entries of the same millisecond. */
    public PageResult<Row> list(Filter filter, PageRequest page) {
        Conditions where = new Conditions();
        where.add("resource_type = ?", filter.resourceType());
        where.add("resource_id = ?", filter.resourceId());
        where.add("actor = ?", filter.actor());
        where.add("action = ?", filter.action());
        where.add("created_at >= ?", timestamp(filter.from()));
        where.add("created_at < ?", timestamp(filter.to()));
        List<Row> items = jdbc.query("""
                        SELECT position, event_id, actor, action, resource_type, resource_id, before::text AS before,
                               after::text AS after, request_id, correlation_id, clock_time, created_at
                        FROM audit_log""" + where.sql() + " ORDER BY created_at DESC, position DESC LIMIT "
                        + page.pageSize() + " OFFSET " + page.offset(),
                MAPPER, where.values());
        return new PageResult<>(items, page.page(), page.pageSize(), count(filter));
    }

    private long count(Filter filter) {
        if (filter.resourceId() != null) {
            return countRows(filter, filter.from(), filter.to()); // one resource's entries: few
        }
        // whole months, then whole UTC days, inside [from, to) come from the counters; rows only at the ends
        LocalDate firstDay = filter.from() == null ? EARLIEST : ceilingDay(filter.from());
        LocalDate endDay = filter.to() == null ? LATEST : day(filter.to());
        if (!firstDay.isBefore(endDay)) {
            return countRows(filter, filter.from(), filter.to()); // within a day or two partial ones
        }
        LocalDate firstMonth = firstDay.getDayOfMonth() == 1 ? firstDay : firstDay.withDayOfMonth(1).plusMonths(1);
        LocalDate endMonth = endDay.withDayOfMonth(1);
        Conditions where = new Conditions();
        where.add("actor = ?", filter.actor() == null ? ALL_ACTORS : filter.actor());
        where.add("resource_type = ?", filter.resourceType());
        where.add("action = ?", filter.action());
        String buckets;
        List<Object> values = new ArrayList<>(List.of(where.values()));
        if (firstMonth.isBefore(endMonth)) {
            buckets = "((span = 'm' AND bucket >= ? AND bucket < ?) OR (span = 'd' AND bucket >= ? AND bucket < ?)"
                    + " OR (span = 'd' AND bucket >= ? AND bucket < ?))";
            values.addAll(List.of(date(firstMonth), date(endMonth), date(firstDay), date(firstMonth), date(endMonth),
                    date(endDay)));
        } else {
            buckets = "span = 'd' AND bucket >= ? AND bucket < ?";
            values.addAll(List.of(date(firstDay), date(endDay)));
        }
        Long whole = jdbc.queryForObject("SELECT COALESCE(sum(entries), 0) FROM audit_log_counts" + where.sql()
                + " AND " + buckets, Long.class, values.toArray());
        long total = whole == null ? 0 : whole;
        if (filter.from() != null && !start(firstDay).equals(filter.from())) {
            total += countRows(filter, filter.from(), start(firstDay));
        }
        if (filter.to() != null && !start(endDay).equals(filter.to())) {
            total += countRows(filter, start(endDay), filter.to());
        }
        return total;
    }

    private static java.sql.Date date(LocalDate day) {
        return java.sql.Date.valueOf(day);
    }

    private long countRows(Filter filter, Instant from, Instant to) {
        Conditions where = new Conditions();
        where.add("resource_type = ?", filter.resourceType());
        where.add("resource_id = ?", filter.resourceId());
        where.add("actor = ?", filter.actor());
        where.add("action = ?", filter.action());
        where.add("created_at >= ?", timestamp(from));
        where.add("created_at < ?", timestamp(to));
        Long count = jdbc.queryForObject("SELECT count(*) FROM audit_log" + where.sql(), Long.class, where.values());
        return count == null ? 0 : count;
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static LocalDate ceilingDay(Instant at) {
        LocalDate day = day(at);
        return start(day).equals(at) ? day : day.plusDays(1);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A WHERE clause of the conditions whose value is set. */
    private static final class Conditions {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        void add(String clause, Object value) {
            if (value != null) {
                clauses.add(clause);
                values.add(value);
            }
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        Object[] values() {
            return values.toArray();
        }
    }
}
