package io.billing.ledger.projection.dunning;

import io.billing.ledger.api.dunning.DunningAttemptView;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.DunningCheckpointScheduled;
import io.billing.ledger.api.dunning.DunningEscalated;
import io.billing.ledger.api.dunning.DunningEscalationHeld;
import io.billing.ledger.api.dunning.DunningEscalationResumed;
import io.billing.ledger.api.dunning.DunningExhausted;
import io.billing.ledger.api.dunning.DunningPaymentFailed;
import io.billing.ledger.api.dunning.DunningResolved;
import io.billing.ledger.api.dunning.DunningStarted;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.payment.FailureKind;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Builds {@code dunning_cases} (the seed's DunningState) and {@code dunning_attempts}, folding each
 * event through {@link DunningCaseViewEvolver} (as {@code asOf} does). Each case row remembers the
 * sequence number of the last event it applied, so a redelivered event changes nothing. Times are
 * the events' own (a test clock's for a customer on one).
 */
@Component
@ProcessingGroup(DunningCaseProjection.PROCESSING_GROUP)
public class DunningCaseProjection {

    public static final String PROCESSING_GROUP = "dunning-cases";

    private final JdbcTemplate jdbc;
    private final DunningCaseDirectory directory;

    public DunningCaseProjection(JdbcTemplate jdbc, DunningCaseDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @EventHandler
    void on(DunningStarted event, @SequenceNumber long version) {
        DunningCaseView view = DunningCaseViewEvolver.apply(null, event, event.startedAt(), version);
        jdbc.update("""
                        INSERT INTO dunning_cases (id, invoice_id, subscription_id, customer_id, status, max_retries,
                            current_action, last_failure_code, last_decline_code, last_failure_kind, created_at,
                            updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                view.id(), view.invoiceId(), view.subscriptionId(), view.customerId(), view.status().wire(),
                view.maxRetries(), view.currentAction().wire(), view.lastFailureCode(), view.lastDeclineCode(),
                wire(view.lastFailureKind()), ts(view.createdAt()), ts(view.updatedAt()), version);
    }

    @EventHandler
    void on(PaymentRetryScheduled event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningCheckpointScheduled event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(PaymentRetryAttempted event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningPaymentFailed event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningEscalated event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningEscalationHeld event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningEscalationResumed event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningResolved event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @EventHandler
    void on(DunningExhausted event, @SequenceNumber long version) {
        evolve(event.dunningId(), event, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE dunning_cases, dunning_attempts");
    }

    /** Folds the event into the stored case and its attempts; skipped when the row has it already. */
    private void evolve(String dunningId, Object event, long version) {
        DunningCaseView current = directory.find(dunningId).orElse(null);
        if (current == null || current.version() >= version) {
            return;
        }
        DunningCaseView next = DunningCaseViewEvolver.apply(current, event, current.updatedAt(), version);
        jdbc.update("""
                        UPDATE dunning_cases SET status = ?, retry_count = ?, next_retry_at = ?, current_action = ?,
                            last_failure_code = ?, last_decline_code = ?, last_failure_kind = ?, escalation_paused = ?,
                            retry_in_flight = ?, resolved_at = ?, resolution = ?, resolution_reason = ?,
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                next.status().wire(), next.retryCount(), ts(next.nextRetryAt()), next.currentAction().wire(),
                next.lastFailureCode(), next.lastDeclineCode(), wire(next.lastFailureKind()),
                next.escalationPaused(), next.retryInFlight(), ts(next.resolvedAt()),
                next.resolution() == null ? null : next.resolution().wire(), next.resolutionReason(),
                ts(next.updatedAt()), version, dunningId, version);
        for (DunningAttemptView attempt : next.attempts()) {
            if (!current.attempts().contains(attempt)) {
                writeAttempt(dunningId, attempt);
            }
        }
    }

    private void writeAttempt(String dunningId, DunningAttemptView attempt) {
        jdbc.update("""
                        INSERT INTO dunning_attempts (dunning_id, retry_number, attempted_at, trigger, outcome,
                            payment_id, failure_code, decline_code, failure_kind)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (dunning_id, retry_number) DO UPDATE SET outcome = EXCLUDED.outcome,
                            payment_id = EXCLUDED.payment_id, failure_code = EXCLUDED.failure_code,
                            decline_code = EXCLUDED.decline_code, failure_kind = EXCLUDED.failure_kind""",
                dunningId, attempt.retryNumber(), ts(attempt.attemptedAt()), attempt.trigger().wire(),
                attempt.outcome(), attempt.paymentId(), attempt.failureCode(), attempt.declineCode(),
                wire(attempt.failureKind()));
    }

    private static String wire(FailureKind kind) {
        return kind == null ? null : kind.wire();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
