package io.billing.ledger.projection.payment;

import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentSucceeded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Builds {@code payments}, the seed's Payment resource. Each row remembers the sequence number of
 * the last event it applied, so a redelivered event changes nothing. Times are the events' own
 * (the payment's clock: a test clock's time for a customer on one).
 */
@Component
@ProcessingGroup(PaymentDirectoryProjection.PROCESSING_GROUP)
public class PaymentDirectoryProjection {

    public static final String PROCESSING_GROUP = "payments";

    private final JdbcTemplate jdbc;

    public PaymentDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PaymentAttemptStarted event, @SequenceNumber long version) {
        jdbc.update("""
                        INSERT INTO payments (id, invoice_id, customer_id, amount_cents, currency, status,
                            attempt_count, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                event.paymentId(), event.invoiceId(), event.customerId(), event.amount().amount(),
                event.amount().currency(), PaymentStatus.PENDING.wire(), event.attempt(),
                Timestamp.from(event.startedAt()), Timestamp.from(event.startedAt()), version);
    }

    @EventHandler
    void on(PaymentSucceeded event, @SequenceNumber long version) {
        jdbc.update("""
                        UPDATE payments SET status = ?, stripe_payment_intent_id = COALESCE(?, stripe_payment_intent_id),
                            next_action = NULL, updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                PaymentStatus.SUCCEEDED.wire(), event.paymentIntentId(), Timestamp.from(event.succeededAt()), version,
                event.paymentId(), version);
    }

    @EventHandler
    void on(PaymentFailed event, @SequenceNumber long version) {
        jdbc.update("""
                        UPDATE payments SET status = ?, stripe_payment_intent_id = COALESCE(?, stripe_payment_intent_id),
                            failure_code = ?, decline_code = ?, failure_message = ?, failure_kind = ?, next_action = NULL,
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                PaymentStatus.FAILED.wire(), event.paymentIntentId(), event.failureCode(), event.declineCode(),
                event.failureMessage(), event.failureKind() == null ? null : event.failureKind().wire(),
                Timestamp.from(event.failedAt()), version, event.paymentId(), version);
    }

    @EventHandler
    void on(PaymentActionRequired event, @SequenceNumber long version) {
        jdbc.update("""
                        UPDATE payments SET stripe_payment_intent_id = COALESCE(?, stripe_payment_intent_id),
                            failure_code = ?, decline_code = ?, failure_message = ?, failure_kind = 'action_required',
                            next_action = ?, updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                event.paymentIntentId(), event.failureCode(), event.declineCode(), event.failureMessage(),
                event.nextActionUrl(), Timestamp.from(event.at()), version, event.paymentId(), version);
    }

    @EventHandler
    void on(PaymentRefunded event, @SequenceNumber long version) {
        jdbc.update("""
                        UPDATE payments SET amount_refunded_cents = ?,
                            status = CASE WHEN ? AND status <> 'disputed' THEN 'refunded' ELSE status END,
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                event.amountRefunded().amount(), event.fullyRefunded(), Timestamp.from(event.refundedAt()), version,
                event.paymentId(), version);
    }

    @EventHandler
    void on(PaymentDisputed event, @SequenceNumber long version) {
        setStatus(event.paymentId(), PaymentStatus.DISPUTED, event.disputedAt(), version);
    }

    @EventHandler
    void on(PaymentDisputeClosed event, @SequenceNumber long version) {
        setStatus(event.paymentId(), event.status(), event.closedAt(), version);
    }

    private void setStatus(String paymentId, PaymentStatus status, Instant at, long version) {
        jdbc.update("UPDATE payments SET status = ?, updated_at = ?, version = ? WHERE id = ? AND version < ?",
                status.wire(), Timestamp.from(at), version, paymentId, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE payments");
    }
}
