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
import java.util.Comparator;
import java.util.List;

/**
 * How one event changes a dunning case as the API shows it, computed from the events alone: the
 * same steps as {@link DunningCaseProjection}'s statements (attempts included), for the audit
 * log's before and after and for a case as it was at a time. Times are the events' own, as the
 * projection's; {@code at} is unused for that reason. Events this function does not know leave
 * the case as it was.
 */
public final class DunningCaseViewEvolver {

    private static final List<DunningAction> RUNGS = List.of(DunningAction.RETRY, DunningAction.NOTIFY,
            DunningAction.PAUSE, DunningAction.CANCEL);

    private DunningCaseViewEvolver() {
    }

    public static DunningCaseView apply(DunningCaseView current, Object event, Instant at, long version) {
        if (event instanceof DunningStarted e) {
            return new DunningCaseView(e.dunningId(), e.invoiceId(), e.subscriptionId(), e.customerId(),
                    DunningStatus.ACTIVE, 0, e.maxRetries(), null, DunningAction.RETRY, e.failureCode(),
                    e.declineCode(), e.failureKind(), false, false, null, null, null, e.startedAt(), e.startedAt(),
                    List.of(), version);
        }
        if (current == null) {
            return null;
        }
        Draft v = new Draft(current);
        Instant changedAt;
        if (event instanceof PaymentRetryScheduled e) {
            v.nextRetryAt = e.retryAt();
            changedAt = e.scheduledAt();
        } else if (event instanceof DunningCheckpointScheduled e) {
            v.nextRetryAt = null;
            changedAt = e.scheduledAt();
        } else if (event instanceof PaymentRetryAttempted e) {
            if (v.attempts.stream().noneMatch(a -> a.retryNumber() == e.retryNumber())) {
                v.attempts.add(new DunningAttemptView(e.retryNumber(), e.attemptedAt(), e.trigger(), "pending", null,
                        null, null, null));
                v.attempts.sort(Comparator.comparingInt(DunningAttemptView::retryNumber));
            }
            v.retryCount = e.retryNumber();
            v.retryInFlight = true;
            v.nextRetryAt = null;
            changedAt = e.attemptedAt();
        } else if (event instanceof DunningPaymentFailed e) {
            if (e.retryNumber() != null) {
                v.attempts.replaceAll(a -> a.retryNumber() == e.retryNumber()
                        ? new DunningAttemptView(a.retryNumber(), a.attemptedAt(), a.trigger(), "failed", e.paymentId(),
                        e.failureCode(), e.declineCode(), e.failureKind()) : a);
            }
            v.lastFailureCode = e.failureCode();
            v.lastDeclineCode = e.declineCode();
            v.lastFailureKind = e.failureKind();
            v.retryInFlight = v.retryInFlight && e.retryNumber() == null;
            changedAt = e.failedAt();
        } else if (event instanceof DunningEscalated e) {
            // the furthest rung reached: retry < notify < pause < cancel
            if (RUNGS.indexOf(v.currentAction) < RUNGS.indexOf(e.action())) {
                v.currentAction = e.action();
            }
            changedAt = e.escalatedAt();
        } else if (event instanceof DunningEscalationHeld e) {
            v.escalationPaused = true;
            v.nextRetryAt = null;
            changedAt = e.heldAt();
        } else if (event instanceof DunningEscalationResumed e) {
            v.escalationPaused = false;
            changedAt = e.resumedAt();
        } else if (event instanceof DunningResolved e) {
            if (e.resolution() != DunningResolution.MANUAL) {
                v.attempts.replaceAll(a -> "pending".equals(a.outcome())
                        ? new DunningAttemptView(a.retryNumber(), a.attemptedAt(), a.trigger(), "succeeded",
                        a.paymentId(), a.failureCode(), a.declineCode(), a.failureKind()) : a);
            }
            v.status = DunningStatus.RESOLVED;
            v.resolution = e.resolution();
            v.resolutionReason = e.reason();
            v.resolvedAt = e.resolvedAt();
            v.nextRetryAt = null;
            v.retryInFlight = false;
            changedAt = e.resolvedAt();
        } else if (event instanceof DunningExhausted e) {
            v.status = DunningStatus.EXHAUSTED;
            v.nextRetryAt = null;
            v.retryInFlight = false;
            changedAt = e.exhaustedAt();
        } else {
            return current;
        }
        v.updatedAt = changedAt;
        v.version = version;
        return v.toView();
    }

    /** The case while one event is applied to it. */
    private static final class Draft {
        final String id;
        final String invoiceId;
        final String subscriptionId;
        final String customerId;
        DunningStatus status;
        int retryCount;
        final int maxRetries;
        Instant nextRetryAt;
        DunningAction currentAction;
        String lastFailureCode;
        String lastDeclineCode;
        FailureKind lastFailureKind;
        boolean escalationPaused;
        boolean retryInFlight;
        Instant resolvedAt;
        DunningResolution resolution;
        String resolutionReason;
        final Instant createdAt;
        Instant updatedAt;
        final List<DunningAttemptView> attempts;
        long version;

        Draft(DunningCaseView v) {
            id = v.id();
            invoiceId = v.invoiceId();
            subscriptionId = v.subscriptionId();
            customerId = v.customerId();
            status = v.status();
            retryCount = v.retryCount();
            maxRetries = v.maxRetries();
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
            createdAt = v.createdAt();
            updatedAt = v.updatedAt();
            attempts = new ArrayList<>(v.attempts() == null ? List.of() : v.attempts());
            version = v.version();
        }

        DunningCaseView toView() {
            return new DunningCaseView(id, invoiceId, subscriptionId, customerId, status, retryCount, maxRetries,
                    nextRetryAt, currentAction, lastFailureCode, lastDeclineCode, lastFailureKind, escalationPaused,
                    retryInFlight, resolvedAt, resolution, resolutionReason, createdAt, updatedAt,
                    List.copyOf(attempts), version);
        }
    }
}
