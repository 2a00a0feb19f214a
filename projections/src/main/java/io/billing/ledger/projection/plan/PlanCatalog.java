package io.billing.ledger.projection.plan;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PlanView;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.projection.support.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Reads the plan catalog that {@link PlanCatalogProjection} builds. */
@Component
public class PlanCatalog {

    private static final String COLUMNS = "id, name, description, pricing_model, amount_cents, currency, "
            + "billing_interval, trial_period_days, status, metadata, created_at, updated_at, version";

    private final JdbcTemplate jdbc;
    private final RowMapper<PlanView> mapper;

    public PlanCatalog(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.mapper = (rs, row) -> new PlanView(rs.getString("id"), rs.getString("name"),
                rs.getString("description"), PricingModel.fromWire(rs.getString("pricing_model")),
                rs.getLong("amount_cents"), rs.getString("currency"),
                BillingInterval.fromWire(rs.getString("billing_interval")), rs.getInt("trial_period_days"),
                PlanStatus.fromWire(rs.getString("status")), json.readMap(rs.getString("metadata")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }

    public Optional<PlanView> find(String planId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM plan_catalog WHERE id = ?", mapper, planId)
                .stream().findFirst();
    }

    public PageResult<PlanView> list(PlanStatus status, PageRequest page) {
        String where = status == null ? "" : " WHERE status = ?";
        Object[] filter = status == null ? new Object[0] : new Object[]{status.wire()};
        Long total = jdbc.queryForObject("SELECT count(*) FROM plan_catalog" + where, Long.class, filter);
        List<PlanView> items = jdbc.query("SELECT " + COLUMNS + " FROM plan_catalog" + where
                        + " ORDER BY created_at DESC, id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                mapper, filter);
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }
}
