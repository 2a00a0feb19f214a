package io.billing.ledger.projection.payment;

import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PaymentView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Builds {@code payments}, the seed's Payment resource, folding each event through
 * {@link PaymentViewEvolver} (as {@code asOf} does). Each row remembers the sequence number of
 * the last event it applied, so a redelivered event changes nothing. Times are the events' own
 * (the payment's clock: a test clock's time for a customer on one).
 */
@Component
@ProcessingGroup(PaymentDirectoryProjection.PROCESSING_GROUP)
public class PaymentDirectoryProjection {

    public static final String PROCESSING_GROUP = "payments";

    private final JdbcTemplate jdbc;
    private final PaymentDirectory directory;

    public PaymentDirectoryProjection(JdbcTemplate jdbc, PaymentDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @EventHandler
    void on(PaymentAttemptStarted event, @SequenceNumber long version) {
        PaymentView view = PaymentViewEvolver.apply(null, event, event.startedAt(), version);
        jdbc.update("""
                        INSERT INTO payments (id, invoice_id, customer_id, amount_cents, currency, status,
                            attempt_count, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                view.id(), view.invoiceId(), view.customerId(), view.amountCents(), view.currency(),
                view.status().wire(), view.attemptCount(), Timestamp.from(view.createdAt()),
                Timestamp.from(view.updatedAt()), version);
    }

    @EventHandler
    void on(PaymentSucceeded event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @EventHandler
    void on(PaymentFailed event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @EventHandler
    void on(PaymentActionRequired event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @EventHandler
    void on(PaymentRefunded event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @EventHandler
    void on(PaymentDisputed event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @EventHandler
    void on(PaymentDisputeClosed event, @SequenceNumber long version) {
        evolve(event.paymentId(), event, version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE payments");
    }

    /** Folds the event into the stored row; skipped when the row has it already (or does not exist). */
    private void evolve(String paymentId, Object event, long version) {
        PaymentView current = directory.find(paymentId).orElse(null);
        if (current == null || current.version() >= version) {
            return;
        }
        PaymentView next = PaymentViewEvolver.apply(current, event, current.updatedAt(), version);
        jdbc.update("""
                        UPDATE payments SET status = ?, stripe_payment_intent_id = ?, failure_code = ?,
                            decline_code = ?, failure_message = ?, failure_kind = ?, amount_refunded_cents = ?,
                            next_action = ?, updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                next.status().wire(), next.stripePaymentIntentId(), next.failureCode(), next.declineCode(),
                next.failureMessage(), next.failureKind() == null ? null : next.failureKind().wire(),
                next.amountRefundedCents(), next.nextAction(), Timestamp.from(next.updatedAt()), version,
                paymentId, version);
    }
}
