package io.billing.ledger.command.usage;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionMarkedPastDue;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRecovered;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.usage.UsagePeriodClosed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * What usage ingestion validates against: each subscription's status, pricing model,
 * clock and its current and previous periods; and the periods closed by invoicing. Kept in
 * the transaction of the subscription events, so a record is never judged on stale state.
 */
@Component
@ProcessingGroup(UsageSubscriptionsTable.PROCESSING_GROUP)
public class UsageSubscriptionsTable {

    public static final String PROCESSING_GROUP = "usage-subscriptions";

    private final JdbcTemplate jdbc;

    public UsageSubscriptionsTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubscriptionCreated event) {
        jdbc.update("""
                        INSERT INTO usage_subscriptions (subscription_id, status, pricing_model, test_clock_id,
                            period_start, period_end)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO NOTHING""",
                event.subscriptionId(), event.status().wire(), event.pricingModel().wire(), event.testClockId(),
                Timestamp.from(event.currentPeriod().start()), Timestamp.from(event.currentPeriod().end()));
    }

    @EventHandler
    void on(TrialEnded event) {
        nextPeriod(event.subscriptionId(), event.firstPeriod());
        status(event.subscriptionId(), SubscriptionStatus.ACTIVE);
    }

    @EventHandler
    void on(SubscriptionRenewed event) {
        nextPeriod(event.subscriptionId(), event.newPeriod());
    }

    @EventHandler
    void on(SubscriptionPlanChanged event) {
        jdbc.update("UPDATE usage_subscriptions SET pricing_model = ? WHERE subscription_id = ?",
                event.pricingModel().wire(), event.subscriptionId());
        if (!event.currentPeriod().start().equals(periodStart(event.subscriptionId()))) {
            nextPeriod(event.subscriptionId(), event.currentPeriod());
        }
    }

    @EventHandler
    void on(SubscriptionResumed event) {
        status(event.subscriptionId(), SubscriptionStatus.ACTIVE);
        if (!event.currentPeriod().start().equals(periodStart(event.subscriptionId()))) {
            nextPeriod(event.subscriptionId(), event.currentPeriod());
        }
    }

    @EventHandler
    void on(SubscriptionCanceled event) {
        status(event.subscriptionId(), SubscriptionStatus.CANCELED);
    }

    @EventHandler
    void on(SubscriptionReactivated event) {
        status(event.subscriptionId(), SubscriptionStatus.ACTIVE);
    }

    @EventHandler
    void on(SubscriptionPaused event) {
        status(event.subscriptionId(), SubscriptionStatus.PAUSED);
    }

    @EventHandler
    void on(SubscriptionMarkedPastDue event) {
        status(event.subscriptionId(), SubscriptionStatus.PAST_DUE);
    }

    @EventHandler
    void on(SubscriptionRecovered event) {
        status(event.subscriptionId(), SubscriptionStatus.ACTIVE);
    }

    @EventHandler
    void on(UsagePeriodClosed event) {
        jdbc.update("INSERT INTO usage_period_closures (subscription_id, period_start) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.subscriptionId(), Timestamp.from(event.period().start()));
    }

    private void nextPeriod(String subscriptionId, BillingPeriod period) {
        jdbc.update("""
                        UPDATE usage_subscriptions SET previous_period_start = period_start, period_start = ?,
                            period_end = ?
                        WHERE subscription_id = ?""",
                Timestamp.from(period.start()), Timestamp.from(period.end()), subscriptionId);
    }

    private void status(String subscriptionId, SubscriptionStatus status) {
        jdbc.update("UPDATE usage_subscriptions SET status = ? WHERE subscription_id = ?", status.wire(),
                subscriptionId);
    }

    private java.time.Instant periodStart(String subscriptionId) {
        return jdbc.queryForObject("SELECT period_start FROM usage_subscriptions WHERE subscription_id = ?",
                Timestamp.class, subscriptionId).toInstant();
    }
}
