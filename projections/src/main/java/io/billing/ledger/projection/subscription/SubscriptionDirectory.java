package io.billing.ledger.projection.subscription;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.projection.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the subscription directory that {@link SubscriptionDirectoryProjection} builds. */
@Component
public class SubscriptionDirectory {

    private final JdbcTemplate jdbc;
    private final RowMapper<SubscriptionView> mapper;

    public SubscriptionDirectory(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.mapper = (rs, row) -> json.readDocument(rs.getString("view"), SubscriptionView.class);
    }

    public Optional<SubscriptionView> find(String subscriptionId) {
        return jdbc.query("SELECT view FROM subscription_directory WHERE id = ?", mapper, subscriptionId)
                .stream().findFirst();
    }

    /** Newest first; each filter may be null. */
    public PageResult<SubscriptionView> list(String customerId, String planId, SubscriptionStatus status,
                                             PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (customerId != null) {
            conditions.add("customer_id = ?");
            values.add(customerId);
        }
        if (planId != null) {
            conditions.add("plan_id = ?");
            values.add(planId);
        }
        if (status != null) {
            conditions.add("status = ?");
            values.add(status.wire());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Object[] filter = values.toArray();
        Long total = jdbc.queryForObject("SELECT count(*) FROM subscription_directory" + where, Long.class, filter);
        List<SubscriptionView> items = jdbc.query("SELECT view FROM subscription_directory" + where
                        + " ORDER BY created_at DESC, id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                mapper, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }
}
