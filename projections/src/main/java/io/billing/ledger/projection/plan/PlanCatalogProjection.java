package io.billing.ledger.projection.plan;

import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.projection.support.JsonColumns;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds the plan catalog. Each row remembers the sequence number of the last event it
 * applied, so a redelivered event (claims can move between nodes) changes nothing.
 */
@Component
@ProcessingGroup(PlanCatalogProjection.PROCESSING_GROUP)
public class PlanCatalogProjection {

    public static final String PROCESSING_GROUP = "plan-catalog";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    public PlanCatalogProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PlanCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        INSERT INTO plan_catalog (id, name, description, pricing_model, amount_cents, currency,
                            billing_interval, trial_period_days, status, metadata, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                event.planId(), event.name(), event.description(), event.pricingModel().wire(),
                event.price().amount(), event.price().currency(), event.billingInterval().wire(),
                event.trialPeriodDays(), PlanStatus.ACTIVE.wire(), json.write(event.metadata()),
                java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), version);
    }

    @EventHandler
    void on(PlanUpdated event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        UPDATE plan_catalog SET name = ?, description = ?, trial_period_days = ?, metadata = ?::jsonb,
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                event.name(), event.description(), event.trialPeriodDays(), json.write(event.metadata()),
                java.sql.Timestamp.from(at), version, event.planId(), version);
    }

    @EventHandler
    void on(PlanArchived event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE plan_catalog SET status = ?, updated_at = ?, version = ? WHERE id = ? AND version < ?",
                PlanStatus.ARCHIVED.wire(), java.sql.Timestamp.from(at), version, event.planId(), version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE plan_catalog");
    }
}
