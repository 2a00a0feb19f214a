package io.billing.ledger.command.lookup;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Set;

/**
 * One subscription per customer and plan that is not canceled. The aggregate checks first
 * for a clear answer; the unique index decides when two requests race, and its violation
 * rolls the whole command back (the processing group propagates handler errors).
 */
@Component
@ProcessingGroup(SubscriptionSlotsTable.PROCESSING_GROUP)
public class SubscriptionSlotsTable implements SubscriptionSlots {

    public static final String PROCESSING_GROUP = "subscription-slots";

    private final JdbcTemplate jdbc;

    public SubscriptionSlotsTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubscriptionCreated event) {
        claim(event.customerId(), event.planId(), () -> jdbc.update("""
                        INSERT INTO subscription_slots (subscription_id, customer_id, plan_id, currency)
                        VALUES (?, ?, ?, ?) ON CONFLICT (subscription_id) DO NOTHING""",
                event.subscriptionId(), event.customerId(), event.planId(), event.unitPrice().currency()));
    }

    @EventHandler
    void on(SubscriptionCanceled event) {
        jdbc.update("UPDATE subscription_slots SET released = TRUE WHERE subscription_id = ?", event.subscriptionId());
    }

    @EventHandler
    void on(SubscriptionReactivated event) {
        claim(null, null, () -> jdbc.update(
                "UPDATE subscription_slots SET released = FALSE WHERE subscription_id = ?", event.subscriptionId()));
    }

    @EventHandler
    void on(SubscriptionPlanChanged event) {
        claim(null, event.toPlanId(), () -> jdbc.update(
                "UPDATE subscription_slots SET plan_id = ?, currency = ? WHERE subscription_id = ?",
                event.toPlanId(), event.unitPrice().currency(), event.subscriptionId()));
    }

    private static void claim(String customerId, String planId, Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("The customer" + (customerId == null ? "" : " " + customerId)
                    + " already has a subscription to " + (planId == null ? "this plan" : "plan " + planId)
                    + " that is not canceled");
        }
    }

    @Override
    public boolean holdsPlan(String customerId, String planId) {
        Boolean held = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM subscription_slots
                               WHERE customer_id = ? AND plan_id = ? AND NOT released)""",
                Boolean.class, customerId, planId);
        return Boolean.TRUE.equals(held);
    }

    @Override
    public Set<String> currenciesOf(String customerId) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT currency FROM subscription_slots WHERE customer_id = ? AND NOT released",
                String.class, customerId));
    }
}
