package io.billing.ledger.projection.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningCheckpointScheduled;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningEscalationResumed;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningPaymentFailed;
import io.billing.ledger.api.dunning.DunningResolution;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.DunningStatus;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Builds {@code dunning_cases} (the seed's DunningState) and {@code dunning_attempts}. Each case row
 * remembers the sequence number of the last event it applied, so a redelivered event changes
 * nothing. {@code currentAction} is the furthest the case went: {@code retry}, then the ladder's
 * rungs. Times are the events' own (a test clock's for a customer on one).
 */
@Component
@ProcessingGroup(DunningCaseProjection.PROCESSING_GROUP)
public class DunningCaseProjection {

    public static final String PROCESSING_GROUP = "dunning-cases";

    private final JdbcTemplate jdbc;

    public DunningCaseProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DunningStarted event, @SequenceNumber long version) {
        jdbc.update("""
                        INSERT INTO dunning_cases (id, invoice_id, subscription_id, customer_id, status, max_retries,
                            current_action, last_failure_code, last_decline_code, last_failure_kind, created_at,
                            updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                event.dunningId(), event.invoiceId(), event.subscriptionId(), event.customerId(),
                DunningStatus.ACTIVE.wire(), event.maxRetries(), DunningAction.RETRY.wire(), event.failureCode(),
                event.declineCode(), event.failureKind() == null ? null : event.failureKind().wire(),
                ts(event.startedAt()), ts(event.startedAt()), version);
    }

    @EventHandler
    void on(PaymentRetryScheduled event, @SequenceNumber long version) {
        update(event.dunningId(), "next_retry_at = ?", event.scheduledAt(), version, ts(event.retryAt()));
    }

    @EventHandler
    void on(DunningCheckpointScheduled event, @SequenceNumber long version) {
        update(event.dunningId(), "next_retry_at = NULL", event.scheduledAt(), version);
    }

    @EventHandler
    void on(PaymentRetryAttempted event, @SequenceNumber long version) {
        jdbc.update("""
                        INSERT INTO dunning_attempts (dunning_id, retry_number, attempted_at, trigger, outcome)
                        VALUES (?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING""",
                event.dunningId(), event.retryNumber(), ts(event.attemptedAt()), event.trigger().wire());
        update(event.dunningId(), "retry_count = ?, retry_in_flight = TRUE, next_retry_at = NULL", event.attemptedAt(),
                version, event.retryNumber());
    }

    @EventHandler
    void on(DunningPaymentFailed event, @SequenceNumber long version) {
        String kind = event.failureKind() == null ? null : event.failureKind().wire();
        if (event.retryNumber() != null) {
            jdbc.update("""
                            UPDATE dunning_attempts SET outcome = 'failed', payment_id = ?, failure_code = ?,
                                decline_code = ?, failure_kind = ?
                            WHERE dunning_id = ? AND retry_number = ?""",
                    event.paymentId(), event.failureCode(), event.declineCode(), kind, event.dunningId(),
                    event.retryNumber());
        }
        update(event.dunningId(), "last_failure_code = ?, last_decline_code = ?, last_failure_kind = ?, "
                        + "retry_in_flight = retry_in_flight AND ?", event.failedAt(), version,
                event.failureCode(), event.declineCode(), kind, event.retryNumber() == null);
    }

    @EventHandler
    void on(DunningEscalated event, @SequenceNumber long version) {
        // the furthest rung reached: retry < notify < pause < cancel
        update(event.dunningId(), "current_action = CASE WHEN array_position(ARRAY['retry','notify','pause','cancel'], "
                        + "current_action) < array_position(ARRAY['retry','notify','pause','cancel'], ?::text) "
                        + "THEN ? ELSE current_action END", event.escalatedAt(), version,
                event.action().wire(), event.action().wire());
    }

    @EventHandler
    void on(DunningEscalationHeld event, @SequenceNumber long version) {
        update(event.dunningId(), "escalation_paused = TRUE, next_retry_at = NULL", event.heldAt(), version);
    }

    @EventHandler
    void on(DunningEscalationResumed event, @SequenceNumber long version) {
        update(event.dunningId(), "escalation_paused = FALSE", event.resumedAt(), version);
    }

    @EventHandler
    void on(DunningResolved event, @SequenceNumber long version) {
        if (event.resolution() != DunningResolution.MANUAL) {
            jdbc.update("UPDATE dunning_attempts SET outcome = 'succeeded' WHERE dunning_id = ? AND outcome = 'pending'",
                    event.dunningId());
        }
        update(event.dunningId(), "status = ?, resolution = ?, resolution_reason = ?, resolved_at = ?, "
                        + "next_retry_at = NULL, retry_in_flight = FALSE", event.resolvedAt(), version,
                DunningStatus.RESOLVED.wire(), event.resolution().wire(), event.reason(), ts(event.resolvedAt()));
    }

    @EventHandler
    void on(DunningExhausted event, @SequenceNumber long version) {
        update(event.dunningId(), "status = ?, next_retry_at = NULL, retry_in_flight = FALSE", event.exhaustedAt(),
                version, DunningStatus.EXHAUSTED.wire());
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE dunning_cases, dunning_attempts");
    }

    private void update(String dunningId, String set, Instant at, long version, Object... values) {
        Object[] arguments = new Object[values.length + 4];
        System.arraycopy(values, 0, arguments, 0, values.length);
        arguments[values.length] = ts(at);
        arguments[values.length + 1] = version;
        arguments[values.length + 2] = dunningId;
        arguments[values.length + 3] = version;
        jdbc.update("UPDATE dunning_cases SET " + set + ", updated_at = ?, version = ? WHERE id = ? AND version < ?",
                arguments);
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
