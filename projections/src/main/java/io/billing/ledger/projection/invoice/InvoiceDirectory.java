package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.projection.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the invoice directory that {@link InvoiceDirectoryProjection} builds. */
@Component
public class InvoiceDirectory {

    private final JdbcTemplate jdbc;
    private final RowMapper<InvoiceView> mapper;

    public InvoiceDirectory(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.mapper = (rs, row) -> json.readDocument(rs.getString("view"), InvoiceView.class);
    }

    public Optional<InvoiceView> find(String invoiceId) {
        return jdbc.query("SELECT view FROM invoice_directory WHERE id = ?", mapper, invoiceId)
                .stream().findFirst();
    }

    /**
     * Newest first (by creation, i.e. drafting, time); each filter may be null. {@code from}
     * is inclusive and {@code to} exclusive.
     */
    public PageResult<InvoiceView> list(String subscriptionId, String customerId, InvoiceStatus status,
                                        Instant from, Instant to, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (subscriptionId != null) {
            conditions.add("subscription_id = ?");
            values.add(subscriptionId);
        }
        if (customerId != null) {
            conditions.add("customer_id = ?");
            values.add(customerId);
        }
        if (status != null) {
            conditions.add("status = ?");
            values.add(status.wire());
        }
        if (from != null) {
            conditions.add("created_at >= ?");
            values.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            conditions.add("created_at < ?");
            values.add(java.sql.Timestamp.from(to));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Object[] filter = values.toArray();
        Long total = jdbc.queryForObject("SELECT count(*) FROM invoice_directory" + where, Long.class, filter);
        List<InvoiceView> items = jdbc.query("SELECT view FROM invoice_directory" + where
                        + " ORDER BY created_at DESC, id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                mapper, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }
}
