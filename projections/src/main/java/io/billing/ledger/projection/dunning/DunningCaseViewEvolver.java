package io.billing.ledger.projection.dunning;

import io.billing.ledger.api.dunning.DunningAction;
import io.billing.ledger.api.dunning.DunningAttemptView;
import io.billing.ledger.api.dunning.DunningCaseView;
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
import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How one event changes a dunning case (with its attempts) as the API shows it. The
 * dunning-cases projection and time travel ({@code asOf}) both fold events through this one
 * function, so the two can never disagree. {@code currentAction} is the furthest the case went:
 * {@code retry}, then the ladder's rungs. Times are the events' own (a test clock's for a
 * customer on one).
 */
public final class DunningCaseViewEvolver {

    static final String PENDING = "pending";
    static final String FAILED = "failed";
    static final String SUCCEEDED = "succeeded";

    private DunningCaseViewEvolver() {
    }

    /**
     * Folds one event into {@code current} (null before the case started). An event this
     * function does not know, or any event but the start before it, leaves the view as it was.
     */
    public static DunningCaseView apply(DunningCaseView current, Object event, Instant recordedAt, long version) {
        if (event instanceof DunningStarted e) {
            return current != null ? current : new DunningCaseView(e.dunningId(), e.invoiceId(), e.subscriptionId(),
                    e.customerId(), DunningStatus.ACTIVE, 0, e.maxRetries(), null, DunningAction.RETRY,
                    e.failureCode(), e.declineCode(), e.failureKind(), false, false, null, null, null,
                    e.startedAt(), e.startedAt(), List.of(), version);
        }
        if (current == null) {
            return null;
        }
        Draft view = new Draft(current);
        if (event instanceof PaymentRetryScheduled e) {
            view.nextRetryAt = e.retryAt();
            view.updatedAt = e.scheduledAt();
        } else if (event instanceof DunningCheckpointScheduled e) {
            view.nextRetryAt = null;
            view.updatedAt = e.scheduledAt();
        } else if (event instanceof PaymentRetryAttempted e) {
            if (view.attempts.stream().noneMatch(attempt -> attempt.retryNumber() == e.retryNumber())) {
                view.attempts.add(new DunningAttemptView(e.retryNumber(), e.attemptedAt(), e.trigger(), PENDING,
                        null, null, null, null));
                view.attempts.sort(java.util.Comparator.comparingInt(DunningAttemptView::retryNumber));
            }
            view.retryCount = e.retryNumber();
            view.retryInFlight = true;
            view.nextRetryAt = null;
            view.updatedAt = e.attemptedAt();
        } else if (event instanceof DunningPaymentFailed e) {
            if (e.retryNumber() != null) {
                view.attempts.replaceAll(attempt -> attempt.retryNumber() != e.retryNumber() ? attempt
                        : new DunningAttemptView(attempt.retryNumber(), attempt.attemptedAt(), attempt.trigger(),
                        FAILED, e.paymentId(), e.failureCode(), e.declineCode(), e.failureKind()));
            }
            view.lastFailureCode = e.failureCode();
            view.lastDeclineCode = e.declineCode();
            view.lastFailureKind = e.failureKind();
            // a retry's failure ends the retry in flight; a failure outside the ladder does not
            view.retryInFlight = view.retryInFlight && e.retryNumber() == null;
            view.updatedAt = e.failedAt();
        } else if (event instanceof DunningEscalated e) {
            // the furthest rung reached: retry < notify < pause < cancel (the enum's order)
            if (view.currentAction.ordinal() < e.action().ordinal()) {
                view.currentAction = e.action();
            }
            view.updatedAt = e.escalatedAt();
        } else if (event instanceof DunningEscalationHeld e) {
            view.escalationPaused = true;
            view.nextRetryAt = null;
            view.updatedAt = e.heldAt();
        } else if (event instanceof DunningEscalationResumed e) {
            view.escalationPaused = false;
            view.updatedAt = e.resumedAt();
        } else if (event instanceof DunningResolved e) {
            if (e.resolution() != DunningResolution.MANUAL) {
                view.attempts.replaceAll(attempt -> !PENDING.equals(attempt.outcome()) ? attempt
                        : new DunningAttemptView(attempt.retryNumber(), attempt.attemptedAt(), attempt.trigger(),
                        SUCCEEDED, attempt.paymentId(), attempt.failureCode(), attempt.declineCode(),
                        attempt.failureKind()));
            }
            view.status = DunningStatus.RESOLVED;
            view.resolution = e.resolution();
            view.resolutionReason = e.reason();
            view.resolvedAt = e.resolvedAt();
            view.nextRetryAt = null;
            view.retryInFlight = false;
            view.updatedAt = e.resolvedAt();
        } else if (event instanceof DunningExhausted e) {
            view.status = DunningStatus.EXHAUSTED;
            view.nextRetryAt = null;
            view.retryInFlight = false;
            view.updatedAt = e.exhaustedAt();
        } else {
            return current;
        }
        return view.build(version);
    }

    /** The view being changed: the record's fields, mutable for the length of one event. */
    private static final class Draft {
        private final DunningCaseView from;
        private DunningStatus status;
        private int retryCount;
        private Instant nextRetryAt;
        private DunningAction currentAction;
        private String lastFailureCode;
        private String lastDeclineCode;
        private FailureKind lastFailureKind;
        private boolean escalationPaused;
        private boolean retryInFlight;
        private Instant resolvedAt;
        private DunningResolution resolution;
        private String resolutionReason;
        private Instant updatedAt;
        private final List<DunningAttemptView> attempts;

        private Draft(DunningCaseView v) {
            from = v;
            status = v.status();
            retryCount = v.retryCount();
            nextRetryAt = v.nextRetryAt();
            currentAction = v.currentAction();
            lastFailureCode = v.lastFailureCode();
            lastDeclineCode = v.lastDeclineCode();
            lastFailureKind = v.lastFailureKind();
            escalationPaused = v.escalationPaused();
            retryInFlight = v.retryInFlight();
            resolvedAt = v.resolvedAt();
            resolution = v.resolution();
            resolutionReason = v.resolutionReason();
            updatedAt = v.updatedAt();
            attempts = new ArrayList<>(v.attempts() == null ? List.of() : v.attempts());
        }

        private DunningCaseView build(long version) {
            return new DunningCaseView(from.id(), from.invoiceId(), from.subscriptionId(), from.customerId(), status,
                    retryCount, from.maxRetries(), nextRetryAt, currentAction, lastFailureCode, lastDeclineCode,
                    lastFailureKind, escalationPaused, retryInFlight, resolvedAt, resolution, resolutionReason,
                    from.createdAt(), updatedAt, List.copyOf(attempts), version);
        }
    }
}
