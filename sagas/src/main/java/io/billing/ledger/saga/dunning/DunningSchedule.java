package io.billing.ledger.saga.dunning;

import io.billing.ledger.api.dunning.DunningCheckpointScheduled;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.saga.scheduler.SubscriptionSchedule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps {@code dunning_schedule} in step with the DunningCase events, in their transaction (the
 * subscribing {@code billing-schedule} processor, as the other due work): the case's pending step
 * is due from the commit that scheduled it, and is gone with the commit that attempted, held or
 * closed it. So the billing scheduler's timers for dunning survive any crash with the case.
 */
@Component
@ProcessingGroup(SubscriptionSchedule.PROCESSING_GROUP)
public class DunningSchedule {

    private final JdbcTemplate jdbc;

    public DunningSchedule(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DunningStarted event) {
        jdbc.update("""
                INSERT INTO dunning_schedule (dunning_id, test_clock_id, due_at) VALUES (?, ?, NULL)
                ON CONFLICT (dunning_id) DO NOTHING""", event.dunningId(), event.testClockId());
    }

    @EventHandler
    void on(PaymentRetryScheduled event) {
        dueAt(event.dunningId(), event.retryAt());
    }

    @EventHandler
    void on(DunningCheckpointScheduled event) {
        dueAt(event.dunningId(), event.at());
    }

    @EventHandler
    void on(PaymentRetryAttempted event) {
        nothingDue(event.dunningId());
    }

    @EventHandler
    void on(DunningEscalationHeld event) {
        nothingDue(event.dunningId());
    }

    @EventHandler
    void on(DunningResolved event) {
        jdbc.update("DELETE FROM dunning_schedule WHERE dunning_id = ?", event.dunningId());
    }

    @EventHandler
    void on(DunningExhausted event) {
        jdbc.update("DELETE FROM dunning_schedule WHERE dunning_id = ?", event.dunningId());
    }

    private void dueAt(String dunningId, Instant at) {
        jdbc.update("""
                UPDATE dunning_schedule SET due_at = ?, attempts = 0, next_attempt_at = NULL, last_error = NULL
                WHERE dunning_id = ?""", Timestamp.from(at), dunningId);
    }

    private void nothingDue(String dunningId) {
        jdbc.update("UPDATE dunning_schedule SET due_at = NULL WHERE dunning_id = ?", dunningId);
    }
}
