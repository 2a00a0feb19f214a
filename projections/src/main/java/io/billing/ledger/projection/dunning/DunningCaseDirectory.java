package io.billing.ledger.projection.dunning;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningAttemptView;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.DunningStatus;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.payment.FailureKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the dunning cases that {@link DunningCaseProjection} builds. */
@Component
public class DunningCaseDirectory {

    private static final String COLUMNS = "id, invoice_id, subscription_id, customer_id, status, retry_count, "
            + "max_retries, next_retry_at, current_action, last_failure_code, last_decline_code, last_failure_kind, "
            + "escalation_paused, retry_in_flight, resolved_at, resolution, resolution_reason, created_at, updated_at, "
            + "version";

    private final JdbcTemplate jdbc;

    public DunningCaseDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DunningCaseView> find(String dunningId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dunning_cases WHERE id = ?", this::map, dunningId).stream()
                .findFirst();
    }

    public Optional<DunningCaseView> findByInvoice(String invoiceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dunning_cases WHERE invoice_id = ?", this::map, invoiceId)
                .stream().findFirst();
    }

    /** Newest first; each filter may be null. */
    public PageResult<DunningCaseView> list(DunningStatus status, String subscriptionId, String customerId,
                                            PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (status != null) {
            conditions.add("status = ?");
            values.add(status.wire());
        }
        if (subscriptionId != null) {
            conditions.add("subscription_id = ?");
            values.add(subscriptionId);
        }
        if (customerId != null) {
            conditions.add("customer_id = ?");
            values.add(customerId);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Object[] filter = values.toArray();
        Long total = jdbc.queryForObject("SELECT count(*) FROM dunning_cases" + where, Long.class, filter);
        List<DunningCaseView> items = jdbc.query("SELECT " + COLUMNS + " FROM dunning_cases" + where
                + " ORDER BY created_at DESC, id LIMIT " + page.pageSize() + " OFFSET " + page.offset(), this::map, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }

    private DunningCaseView map(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        String resolution = rs.getString("resolution");
        return new DunningCaseView(id, rs.getString("invoice_id"), rs.getString("subscription_id"),
                rs.getString("customer_id"), DunningStatus.fromWire(rs.getString("status")), rs.getInt("retry_count"),
                rs.getInt("max_retries"), instant(rs.getTimestamp("next_retry_at")),
                DunningAction.fromWire(rs.getString("current_action")), rs.getString("last_failure_code"),
                rs.getString("last_decline_code"), kind(rs.getString("last_failure_kind")),
                rs.getBoolean("escalation_paused"), rs.getBoolean("retry_in_flight"),
                instant(rs.getTimestamp("resolved_at")), resolution == null ? null : DunningResolution.fromWire(resolution),
                rs.getString("resolution_reason"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")), attempts(id), rs.getLong("version"));
    }

    private List<DunningAttemptView> attempts(String dunningId) {
        return jdbc.query("""
                        SELECT retry_number, attempted_at, trigger, outcome, payment_id, failure_code, decline_code,
                               failure_kind FROM dunning_attempts WHERE dunning_id = ? ORDER BY retry_number""",
                (rs, row) -> new DunningAttemptView(rs.getInt(1), instant(rs.getTimestamp(2)),
                        RetryTrigger.fromWire(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), kind(rs.getString(8))), dunningId);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static FailureKind kind(String wire) {
        return wire == null ? null : Arrays.stream(FailureKind.values()).filter(kind -> kind.wire().equals(wire))
                .findFirst().orElse(null);
    }
}
