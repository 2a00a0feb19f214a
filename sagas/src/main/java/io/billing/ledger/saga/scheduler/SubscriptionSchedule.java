package io.billing.ledger.saga.scheduler;

import io.billing.ledger.api.invoice.InvoiceDrafted;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps {@code subscription_schedule}, {@code invoice_finalizations} and
 * {@code test_clock_advances} in step with the events, in their transaction (a subscribing
 * processor): when a period ends, the next due time is written in the same commit that
 * ended it; a draft's finalization is due from the commit that drafted it.
 */
@Component
@ProcessingGroup(SubscriptionSchedule.PROCESSING_GROUP)
public class SubscriptionSchedule {

    public static final String PROCESSING_GROUP = "billing-schedule";

    private final JdbcTemplate jdbc;

    public SubscriptionSchedule(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubscriptionCreated event) {
        jdbc.update("""
                        INSERT INTO subscription_schedule (subscription_id, test_clock_id, due_at) VALUES (?, ?, ?)
                        ON CONFLICT (subscription_id) DO NOTHING""",
                event.subscriptionId(), event.testClockId(), Timestamp.from(event.currentPeriod().end()));
    }

    @EventHandler
    void on(TrialEnded event) {
        dueAtEndOf(event.subscriptionId(), event.firstPeriod());
    }

    @EventHandler
    void on(SubscriptionRenewed event) {
        dueAtEndOf(event.subscriptionId(), event.newPeriod());
    }

    @EventHandler
    void on(SubscriptionPlanChanged event) {
        dueAtEndOf(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionReactivated event) {
        dueAtEndOf(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionResumed event) {
        dueAtEndOf(event.subscriptionId(), event.currentPeriod());
    }

    @EventHandler
    void on(SubscriptionCanceled event) {
        nothingDue(event.subscriptionId());
    }

    @EventHandler
    void on(SubscriptionPaused event) {
        nothingDue(event.subscriptionId());
    }

    @EventHandler
    void on(InvoiceDrafted event) {
        jdbc.update("""
                        INSERT INTO invoice_finalizations (invoice_id, test_clock_id, finalize_at) VALUES (?, ?, ?)
                        ON CONFLICT (invoice_id) DO NOTHING""",
                event.invoiceId(), event.testClockId(), Timestamp.from(event.finalizeAt()));
    }

    @EventHandler
    void on(InvoiceFinalized event) {
        jdbc.update("DELETE FROM invoice_finalizations WHERE invoice_id = ?", event.invoiceId());
    }

    @EventHandler
    void on(TestClockAdvanceStarted event) {
        jdbc.update("""
                INSERT INTO test_clock_advances (test_clock_id, advancing_to) VALUES (?, ?)
                ON CONFLICT (test_clock_id) DO UPDATE SET advancing_to = EXCLUDED.advancing_to""",
                event.testClockId(), Timestamp.from(event.frozenTime()));
    }

    @EventHandler
    void on(TestClockAdvanced event) {
        jdbc.update("UPDATE test_clock_advances SET advancing_to = NULL WHERE test_clock_id = ?", event.testClockId());
    }

    private void dueAtEndOf(String subscriptionId, BillingPeriod period) {
        dueAt(subscriptionId, period.end());
    }

    private void dueAt(String subscriptionId, Instant at) {
        jdbc.update("""
                UPDATE subscription_schedule SET due_at = ?, attempts = 0, next_attempt_at = NULL, last_error = NULL
                WHERE subscription_id = ?""", Timestamp.from(at), subscriptionId);
    }

    private void nothingDue(String subscriptionId) {
        jdbc.update("UPDATE subscription_schedule SET due_at = NULL WHERE subscription_id = ?", subscriptionId);
    }
}
