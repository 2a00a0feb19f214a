package io.billing.ledger.projection.customer;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.customer.CreditBalance;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.PaymentMethodView;
import io.billing.ledger.projection.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the customer directory that {@link CustomerDirectoryProjection} builds. */
@Component
public class CustomerDirectory {

    private static final String COLUMNS =
            "id, email, name, stripe_customer_id, test_clock_id, metadata, created_at, updated_at, version, "
            + "credit_balances, default_payment_method_id";

    private final JdbcTemplate jdbc;
    private final RowMapper<CustomerView> mapper;

    public CustomerDirectory(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.mapper = (rs, row) -> new CustomerView(rs.getString("id"), rs.getString("email"), rs.getString("name"),
                rs.getString("stripe_customer_id"), rs.getString("test_clock_id"),
                json.readMap(rs.getString("metadata")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"),
                creditBalances(json.readMap(rs.getString("credit_balances"))),
                rs.getString("default_payment_method_id"));
    }

    /** By currency; a currency whose credit is used up is not shown. */
    private static List<CreditBalance> creditBalances(Map<String, Object> byCurrency) {
        return new TreeMap<>(byCurrency).entrySet().stream()
                .map(entry -> new CreditBalance(entry.getKey(), ((Number) entry.getValue()).longValue()))
                .filter(balance -> balance.amountCents() != 0)
                .toList();
    }

    /** Oldest first; the default one flagged. */
    public List<PaymentMethodView> paymentMethods(String customerId) {
        return jdbc.query("""
                        SELECT m.customer_id, m.payment_method_id, m.brand, m.last4, m.exp_month, m.exp_year,
                            m.created_at, m.payment_method_id = c.default_payment_method_id AS is_default
                        FROM customer_payment_methods m
                        LEFT JOIN customer_directory c ON c.id = m.customer_id
                        WHERE m.customer_id = ?
                        ORDER BY m.created_at, m.payment_method_id""",
                (rs, row) -> new PaymentMethodView(rs.getString("payment_method_id"), rs.getString("customer_id"),
                        rs.getString("brand"), rs.getString("last4"), rs.getInt("exp_month"), rs.getInt("exp_year"),
                        rs.getBoolean("is_default"), rs.getTimestamp("created_at").toInstant()),
                customerId);
    }

    public Optional<CustomerView> find(String customerId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM customer_directory WHERE id = ?", mapper, customerId)
                .stream().findFirst();
    }

    public PageResult<CustomerView> list(String email, PageRequest page) {
        String where = email == null ? "" : " WHERE lower(email) = lower(?)";
        Object[] filter = email == null ? new Object[0] : new Object[]{email};
        Long total = jdbc.queryForObject("SELECT count(*) FROM customer_directory" + where, Long.class, filter);
        List<CustomerView> items = jdbc.query("SELECT " + COLUMNS + " FROM customer_directory" + where
                        + " ORDER BY created_at DESC, id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                mapper, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }
}
