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
 * How one event changes a payment as the API shows it. The payments projection and time travel
 * ({@code asOf}) both fold events through this one function, so the two can never disagree.
 * Times are the events' own (the payment's clock: a test clock's time for a customer on one).
 */
public final class PaymentViewEvolver {

    private PaymentViewEvolver() {
    }

    /**
     * Folds one event into {@code current} (null before the attempt started). An event this
     * function does not know, or any event but the start before it, leaves the view as it was.
     */
    public static PaymentView apply(PaymentView current, Object event, Instant recordedAt, long version) {
        if (event instanceof PaymentAttemptStarted e) {
            return current != null ? current : new PaymentView(e.paymentId(), e.invoiceId(), e.customerId(),
                    e.amount().amount(), e.amount().currency(), PaymentStatus.PENDING, null, null, null, null, null,
                    0, null, e.attempt(), e.startedAt(), e.startedAt(), version);
        }
        if (current == null) {
            return null;
        }
        PaymentView v = current;
        if (event instanceof PaymentSucceeded e) {
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(),
                    PaymentStatus.SUCCEEDED, intent(e.paymentIntentId(), v), v.failureCode(), v.declineCode(),
                    v.failureMessage(), v.failureKind(), v.amountRefundedCents(), null, v.attemptCount(),
                    v.createdAt(), e.succeededAt(), version);
        }
        if (event instanceof PaymentFailed e) {
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(),
                    PaymentStatus.FAILED, intent(e.paymentIntentId(), v), e.failureCode(), e.declineCode(),
                    e.failureMessage(), e.failureKind(), v.amountRefundedCents(), null, v.attemptCount(),
                    v.createdAt(), e.failedAt(), version);
        }
        if (event instanceof PaymentActionRequired e) {
            // the charge waits for the customer: the status stays as it was, the url is shown
            return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(),
                    v.status(), intent(e.paymentIntentId(), v), e.failureCode(), e.declineCode(),
                    e.failureMessage(), FailureKind.ACTION_REQUIRED, v.amountRefundedCents(), e.nextActionUrl(),
                    v.attemptCount(), v.createdAt(), e.at(), version);
        }
        if (event instanceof PaymentRefunded e) {
            // a disputed payment stays disputed however much of it is refunded
            PaymentStatus status = e.fullyRefunded() && v.status() != PaymentStatus.DISPUTED
                    ? PaymentStatus.REFUNDED : v.status();
            return withStatus(v, status, e.amountRefunded().amount(), e.refundedAt(), version);
        }
        if (event instanceof PaymentDisputed e) {
            return withStatus(v, PaymentStatus.DISPUTED, v.amountRefundedCents(), e.disputedAt(), version);
        }
        if (event instanceof PaymentDisputeClosed e) {
            return withStatus(v, e.status(), v.amountRefundedCents(), e.closedAt(), version);
        }
        return current;
    }

    private static String intent(String paymentIntentId, PaymentView current) {
        return paymentIntentId != null ? paymentIntentId : current.stripePaymentIntentId();
    }

    private static PaymentView withStatus(PaymentView v, PaymentStatus status, long refunded, Instant at,
                                          long version) {
        return new PaymentView(v.id(), v.invoiceId(), v.customerId(), v.amountCents(), v.currency(), status,
                v.stripePaymentIntentId(), v.failureCode(), v.declineCode(), v.failureMessage(), v.failureKind(),
                refunded, v.nextAction(), v.attemptCount(), v.createdAt(), at, version);
    }
}
