package io.billing.ledger.command.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.usage.UsageRecordView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exact usage of a period, for invoicing: summed from {@code usage_records}, which is
 * written in the same transaction as each record's event, so it is never behind the store.
 * A voided record stays in the ledger and counts for nothing.
 */
@Component
public class UsageLedger implements io.billing.ledger.command.invoice.UsageCounter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "record_id, subscription_id, idempotency_key, quantity, occurred_at, "
            + "properties, period_start, period_end, recorded_at, voided_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public UsageLedger(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public PeriodTotal total(String subscriptionId, Instant periodStart) {
        return jdbc.queryForObject("""
                        SELECT coalesce(sum(quantity), 0), count(*) FROM usage_records
                        WHERE subscription_id = ? AND period_start = ? AND voided_at IS NULL""",
                (rs, row) -> new PeriodTotal(rs.getLong(1), rs.getLong(2)), subscriptionId,
                Timestamp.from(periodStart));
    }

    @Override
    public long count(String subscriptionId, Instant periodStart) {
        return total(subscriptionId, periodStart).quantity();
    }

    /**
     * Takes the subscription's usage row FOR UPDATE (ingestion and voids hold it FOR SHARE while
     * they judge records), so no record for the period can be accepted or voided between this
     * count and the commit that closes the period.
     */
    @Override
    public long lockAndCount(String subscriptionId, Instant periodStart) {
        jdbc.query("SELECT 1 FROM usage_subscriptions WHERE subscription_id = ? FOR UPDATE", rs -> {
        }, subscriptionId);
        return total(subscriptionId, periodStart).quantity();
    }

    public Optional<UsageRecordView> find(String recordId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM usage_records WHERE record_id = ?", this::map, recordId)
                .stream().findFirst();
    }

    /** A subscription's records, newest first (by when they happened); {@code periodStart} may be null (all). */
    public PageResult<UsageRecordView> list(String subscriptionId, Instant periodStart, PageRequest page) {
        List<Object> values = new ArrayList<>();
        values.add(subscriptionId);
        String where = " WHERE subscription_id = ?";
        if (periodStart != null) {
            where += " AND period_start = ?";
            values.add(Timestamp.from(periodStart));
        }
        Object[] filter = values.toArray();
        Long total = jdbc.queryForObject("SELECT count(*) FROM usage_records" + where, Long.class, filter);
        List<UsageRecordView> items = jdbc.query("SELECT " + COLUMNS + " FROM usage_records" + where
                + " ORDER BY occurred_at DESC, record_id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                this::map, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }

    private UsageRecordView map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp voidedAt = rs.getTimestamp("voided_at");
        return new UsageRecordView(rs.getString("record_id"), rs.getString("subscription_id"),
                rs.getString("idempotency_key"), rs.getLong("quantity"), rs.getTimestamp("occurred_at").toInstant(),
                readJson(rs.getString("properties")), rs.getTimestamp("period_start").toInstant(),
                rs.getTimestamp("period_end").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
                voidedAt == null ? UsageRecordView.RECORDED : UsageRecordView.VOIDED,
                voidedAt == null ? null : voidedAt.toInstant());
    }

    private Map<String, Object> readJson(String value) {
        try {
            return json.readValue(value, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored usage properties are not JSON", e);
        }
    }

    public record PeriodTotal(long quantity, long records) {
    }
}
