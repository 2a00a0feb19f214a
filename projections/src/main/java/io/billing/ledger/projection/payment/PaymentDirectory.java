package io.billing.ledger.projection.payment;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the payments that {@link PaymentDirectoryProjection} builds. */
@Component
public class PaymentDirectory {

    private static final String COLUMNS = "id, invoice_id, customer_id, amount_cents, currency, status, "
            + "stripe_payment_intent_id, failure_code, decline_code, failure_message, failure_kind, "
            + "amount_refunded_cents, next_action, attempt_count, created_at, updated_at, version";

    private static final RowMapper<PaymentView> MAPPER = (rs, row) -> new PaymentView(rs.getString("id"),
            rs.getString("invoice_id"), rs.getString("customer_id"), rs.getLong("amount_cents"),
            rs.getString("currency"), PaymentStatus.fromWire(rs.getString("status")),
            rs.getString("stripe_payment_intent_id"), rs.getString("failure_code"), rs.getString("decline_code"),
            rs.getString("failure_message"), failureKind(rs.getString("failure_kind")),
            rs.getLong("amount_refunded_cents"), rs.getString("next_action"), rs.getInt("attempt_count"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
            rs.getLong("version"));

    private final JdbcTemplate jdbc;

    public PaymentDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PaymentView> find(String paymentId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE id = ?", MAPPER, paymentId).stream().findFirst();
    }

    /** Newest first; each filter may be null. */
    public PageResult<PaymentView> list(String invoiceId, String customerId, PaymentStatus status, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (invoiceId != null) {
            conditions.add("invoice_id = ?");
            values.add(invoiceId);
        }
        if (customerId != null) {
            conditions.add("customer_id = ?");
            values.add(customerId);
        }
        if (status != null) {
            conditions.add("status = ?");
            values.add(status.wire());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Object[] filter = values.toArray();
        Long total = jdbc.queryForObject("SELECT count(*) FROM payments" + where, Long.class, filter);
        List<PaymentView> items = jdbc.query("SELECT " + COLUMNS + " FROM payments" + where
                + " ORDER BY created_at DESC, attempt_count DESC, id LIMIT " + page.pageSize() + " OFFSET "
                + page.offset(), MAPPER, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }

    private static FailureKind failureKind(String wire) {
        return wire == null ? null : Arrays.stream(FailureKind.values()).filter(kind -> kind.wire().equals(wire))
                .findFirst().orElse(null);
    }
}
