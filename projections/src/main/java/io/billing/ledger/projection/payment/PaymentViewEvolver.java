package io.billing.ledger.projection.payment;

import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PaymentView;

import java.time.Instant;

/**
 * How one event changes a payment as the API shows it, computed from the events alone: the
 * same steps as {@link PaymentDirectoryProjection}'s statements, for the audit log's before and
 * after and for a payment as it was at a time. Times are the events' own, as the projection's
 * (the payment's clock); {@code at} is unused for that reason. Events this function does not
 * know leave the payment as it was.
 */
public final class PaymentViewEvolver {

    private PaymentViewEvolver() {
    }

    public static PaymentView apply(PaymentView v, Object event, Instant at, long version) {
        if (event instanceof PaymentAttemptStarted e) {
            return new PaymentView(e.paymentId(), e.invoiceId(), e.customerId(), e.amount().amount(),
                    e.amount().currency(), PaymentStatus.PENDING, null, null, null, null, null, 0, null, e.attempt(),
                    e.startedAt(), e.startedAt(), version);
        }
        if (v == null) {
            return null;
        }
        if (event instanceof PaymentSucceeded e) {
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(),
                    PaymentStatus.SUCCEEDED, intent(e.paymentIntentId(), v), v.failureCode(), v.declineCode(),
                    v.failureMessage(), v.failureKind(), v.amountRefundedCents(), null, v.attemptCount(), v.createdAt(),
                    e.succeededAt(), version);
        }
        if (event instanceof PaymentFailed e) {
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(),
                    PaymentStatus.FAILED, intent(e.paymentIntentId(), v), e.failureCode(), e.declineCode(),
                    e.failureMessage(), e.failureKind(), v.amountRefundedCents(), null, v.attemptCount(), v.createdAt(),
                    e.failedAt(), version);
        }
        if (event instanceof PaymentActionRequired e) {
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(), v.status(),
                    intent(e.paymentIntentId(), v), e.failureCode(), e.declineCode(), e.failureMessage(),
                    FailureKind.ACTION_REQUIRED, v.amountRefundedCents(), e.nextActionUrl(), v.attemptCount(),
                    v.createdAt(), e.at(), version);
        }
        if (event instanceof PaymentRefunded e) {
            PaymentStatus status = e.fullyRefunded() && v.status() != PaymentStatus.DISPUTED ? PaymentStatus.REFUNDED
                    : v.status();
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(), status,
                    v.stripePaymentIntentId(), v.failureCode(), v.declineCode(), v.failureMessage(), v.failureKind(),
                    e.amountRefunded().amount(), v.nextAction(), v.attemptCount(), v.createdAt(), e.refundedAt(),
                    version);
        }
        if (event instanceof PaymentDisputed e) {
            return withStatus(v, PaymentStatus.DISPUTED, e.disputedAt(), version);
        }
        if (event instanceof PaymentDisputeClosed e) {
            return withStatus(v, e.status(), e.closedAt(), version);
        }
        return v;
    }

    private static String intent(String fromEvent, PaymentView v) {
        return fromEvent != null ? fromEvent : v.stripePaymentIntentId();
    }

    private static PaymentView withStatus(PaymentView v, PaymentStatus status, Instant at, long version) {
        return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(), status,
                v.stripePaymentIntentId(), v.failureCode(), v.declineCode(), v.failureMessage(), v.failureKind(),
                v.amountRefundedCents(), v.nextAction(), v.attemptCount(), v.createdAt(), at, version);
    }
}
