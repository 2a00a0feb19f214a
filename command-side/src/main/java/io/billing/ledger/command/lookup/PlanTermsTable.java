package io.billing.ledger.command.lookup;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
@ProcessingGroup(PlanTermsTable.PROCESSING_GROUP)
public class PlanTermsTable implements PlanTermsSource {

    public static final String PROCESSING_GROUP = "plan-terms";

    private final JdbcTemplate jdbc;

    public PlanTermsTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PlanCreated event) {
        jdbc.update("""
                        INSERT INTO plan_terms (plan_id, status, pricing_model, amount_cents, currency, billing_interval,
                            trial_period_days)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id) DO NOTHING""",
                event.planId(), PlanStatus.ACTIVE.wire(), event.pricingModel().wire(), event.price().amount(),
                event.price().currency(), event.billingInterval().wire(), event.trialPeriodDays());
    }

    @EventHandler
    void on(io.billing.ledger.api.plan.PlanUpdated event) {
        jdbc.update("UPDATE plan_terms SET trial_period_days = ? WHERE plan_id = ?",
                event.trialPeriodDays(), event.planId());
    }

    @EventHandler
    void on(PlanArchived event) {
        jdbc.update("UPDATE plan_terms SET status = ? WHERE plan_id = ?", PlanStatus.ARCHIVED.wire(), event.planId());
    }

    @Override
    public Optional<PlanTerms> find(String planId) {
        return jdbc.query("SELECT * FROM plan_terms WHERE plan_id = ?", (rs, row) -> new PlanTerms(
                rs.getString("plan_id"), PlanStatus.fromWire(rs.getString("status")),
                PricingModel.fromWire(rs.getString("pricing_model")),
                Money.of(rs.getLong("amount_cents"), rs.getString("currency")),
                BillingInterval.fromWire(rs.getString("billing_interval")), rs.getInt("trial_period_days")),
                planId).stream().findFirst();
    }
}
