package io.billing.ledger.command.dunning;

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
import io.billing.ledger.api.dunning.Escalation;
import io.billing.ledger.api.dunning.HoldDunningEscalation;
import io.billing.ledger.api.dunning.PaymentRetryAttempted;
import io.billing.ledger.api.dunning.PaymentRetryScheduled;
import io.billing.ledger.api.dunning.RecordDunningPaymentFailure;
import io.billing.ledger.api.dunning.ResolveDunning;
import io.billing.ledger.api.dunning.ResumeDunningEscalation;
import io.billing.ledger.api.dunning.RetryDunningNow;
import io.billing.ledger.api.dunning.RetryTrigger;
import io.billing.ledger.api.dunning.RunDunningStep;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The dunning of one unpaid invoice (DESIGN §3, §5 flow 5), as a state machine over the policy it
 * started with. One timer is pending at a time, the next step of the schedule: a retry (the last
 * decline was soft and retries are left) or a checkpoint (hard or action_required: no blind
 * retries; only the ladder's escalations happen then). A retry's failure moves to the next step
 * after the ladder's rungs for this one; a new default payment method or an operator retries at
 * once without moving the schedule. At most one retry is in flight, and never more than
 * {@code maxRetries} in all.
 * <p>
 * Commands from the dunning process and the scheduler never refuse with an exception (they share
 * the sender's transaction); only an operator's are refused with a 409.
 */
@Aggregate
public class DunningCaseAggregate {

    @AggregateIdentifier
    private String dunningId;
    private String invoiceId;
    private String subscriptionId;
    private String testClockId;
    private DunningPolicy policy;
    private Instant firstFailureAt;
    private DunningStatus status;
    private FailureKind kind;
    private String nextActionUrl;
    private int retryCount;
    /** The retry in flight (its number), null when none is. */
    private Integer inFlight;
    private Integer inFlightStep;
    /** The step pending: 1..steps. */
    private int nextStep;
    private Instant pendingAt;
    private boolean pendingIsRetry;
    private boolean held;
    private final List<DunningAction> taken = new ArrayList<>();
    private final Set<String> failuresSeen = new HashSet<>();
    private final Map<Integer, Integer> stepOfRetry = new HashMap<>();

    protected DunningCaseAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** Opens the case on the invoice's first failure; later ones are the outcome of a retry, or of a charge made outside dunning. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDunningPaymentFailure command, DunningPolicy settings) {
        if (dunningId == null) {
            apply(new DunningStarted(command.dunningId(), command.invoiceId(), command.subscriptionId(),
                    command.customerId(), command.testClockId(), command.paymentId(), command.failureCode(),
                    command.declineCode(), command.failureKind(), settings.maxRetries(), settings.scheduleMinutes(),
                    settings.escalation(), command.failedAt()));
            nextActionUrl = command.nextActionUrl();
            planNext(command.failedAt());
            return;
        }
        if (status != DunningStatus.ACTIVE || failuresSeen.contains(command.paymentId())) {
            return;
        }
        Integer retry = inFlight;
        Integer step = inFlightStep;
        boolean pathChanges = retry == null && isWaiting(kind) != isWaiting(command.failureKind());
        if (command.nextActionUrl() != null) {
            nextActionUrl = command.nextActionUrl();
        }
        apply(new DunningPaymentFailed(dunningId, invoiceId, retry, command.paymentId(), command.failureCode(),
                command.declineCode(), command.failureKind(), command.failedAt()));
        if (retry == null) {
            // a charge outside dunning (POST /pay) failed: the schedule stands unless the decline changed its path
            if (pathChanges && !held) {
                planNext(command.failedAt());
            }
            return;
        }
        if (step != null && escalate(step, command.failedAt())) {
            return;
        }
        if (!held) {
            planNext(command.failedAt());
        }
    }

    /** The billing scheduler: the pending step fell due. A stale or repeated delivery changes nothing. */
    @CommandHandler
    public void handle(RunDunningStep command) {
        if (status != DunningStatus.ACTIVE || held || inFlight != null || pendingAt == null
                || command.dueAt().isBefore(pendingAt)) {
            return;
        }
        Instant at = command.dueAt();
        int step = nextStep;
        if (pendingIsRetry && retryCount < policy.maxRetries()) {
            apply(new PaymentRetryAttempted(dunningId, invoiceId, retryCount + 1, step, RetryTrigger.SCHEDULED, at));
            return;
        }
        if (escalate(step, at)) {
            return;
        }
        nextStep = step + 1; // a checkpoint passed; the events that follow record the new pending step
        planNext(at);
    }

    /** A new default payment method (a no-op when no retry can start), or an operator (a 409 then). */
    @CommandHandler
    public void handle(RetryDunningNow command, SubscriptionClocks clocks) {
        boolean operator = command.trigger() == RetryTrigger.OPERATOR;
        String refusal = status != DunningStatus.ACTIVE ? "it is " + status.wire()
                : inFlight != null ? "retry " + inFlight + " is in flight"
                : retryCount >= policy.maxRetries() ? "its " + policy.maxRetries() + " retries are used up" : null;
        if (refusal != null) {
            if (operator) {
                throw new ConflictException("Cannot retry dunning case " + dunningId + " now: " + refusal,
                        status.wire(), List.of());
            }
            return;
        }
        Instant at = command.at() != null ? command.at() : clocks.now(testClockId);
        apply(new PaymentRetryAttempted(dunningId, invoiceId, retryCount + 1, null, command.trigger(), at));
    }

    /** Paid, paid out of band or voided (from the dunning process, a no-op once closed), or closed by an operator. */
    @CommandHandler
    public void handle(ResolveDunning command, SubscriptionClocks clocks) {
        if (status != DunningStatus.ACTIVE) {
            if (command.resolution() == DunningResolution.MANUAL) {
                throw new ConflictException("Dunning case " + dunningId + " is " + status.wire() + " already",
                        status.wire(), List.of());
            }
            return;
        }
        Instant at = command.at() != null ? command.at() : clocks.now(testClockId);
        apply(new DunningResolved(dunningId, invoiceId, subscriptionId, command.resolution(), command.reason(), at));
    }

    @CommandHandler
    public void handle(HoldDunningEscalation command, SubscriptionClocks clocks) {
        requireActive("pause the escalation of");
        if (!held) {
            apply(new DunningEscalationHeld(dunningId, clocks.now(testClockId)));
        }
    }

    @CommandHandler
    public void handle(ResumeDunningEscalation command, SubscriptionClocks clocks) {
        requireActive("resume the escalation of");
        if (!held) {
            return;
        }
        Instant now = clocks.now(testClockId);
        apply(new DunningEscalationResumed(dunningId, now));
        if (inFlight == null) {
            planNext(now);
        }
    }

    private void requireActive(String action) {
        if (status != DunningStatus.ACTIVE) {
            throw new ConflictException("Cannot " + action + " dunning case " + dunningId + ": it is " + status.wire(),
                    status.wire(), List.of());
        }
    }

    /**
     * Schedules the pending step {@code nextStep}: a retry while the decline is soft and retries are
     * left, else (the first time) a notification at once and a checkpoint at the next step that
     * escalates. No step left: the case is exhausted. A time that passed already (a retry in flight
     * over it, a hold) is scheduled at {@code now}.
     */
    private void planNext(Instant now) {
        if (nextStep > policy.steps()) {
            apply(new DunningExhausted(dunningId, invoiceId, subscriptionId, retryCount, now));
            return;
        }
        if (!isWaiting(kind) && retryCount < policy.maxRetries()) {
            apply(new PaymentRetryScheduled(dunningId, invoiceId, retryCount + 1, nextStep,
                    later(policy.stepAt(firstFailureAt, nextStep), now), now));
            return;
        }
        if (isWaiting(kind) && !taken.contains(DunningAction.NOTIFY)) {
            apply(new DunningEscalated(dunningId, invoiceId, subscriptionId, DunningAction.NOTIFY, 0, nextActionUrl, now));
        }
        int step = Math.max(nextStep, policy.nextStepWithEscalation(nextStep - 1, taken));
        apply(new DunningCheckpointScheduled(dunningId, invoiceId, step, later(policy.stepAt(firstFailureAt, step), now),
                now));
    }

    /** The ladder's rungs due through {@code step} and not yet taken; true when the case ended (cancel, or the last step). */
    private boolean escalate(int step, Instant at) {
        for (Escalation rung : policy.escalationsThrough(step)) {
            if (taken.contains(rung.action())) {
                continue;
            }
            apply(new DunningEscalated(dunningId, invoiceId, subscriptionId, rung.action(), step,
                    rung.action() == DunningAction.NOTIFY ? nextActionUrl : null, at));
            if (rung.action() == DunningAction.CANCEL) {
                apply(new DunningExhausted(dunningId, invoiceId, subscriptionId, retryCount, at));
                return true;
            }
        }
        if (step >= policy.steps()) {
            apply(new DunningExhausted(dunningId, invoiceId, subscriptionId, retryCount, at));
            return true;
        }
        return false;
    }

    DunningStatus status() {
        return status;
    }

    int retryCount() {
        return retryCount;
    }

    private static boolean isWaiting(FailureKind kind) {
        return kind == FailureKind.HARD || kind == FailureKind.ACTION_REQUIRED;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    @EventSourcingHandler
    void on(DunningStarted event) {
        dunningId = event.dunningId();
        invoiceId = event.invoiceId();
        subscriptionId = event.subscriptionId();
        testClockId = event.testClockId();
        policy = new DunningPolicy(event.maxRetries(), event.scheduleMinutes(), event.escalation());
        firstFailureAt = event.startedAt();
        status = DunningStatus.ACTIVE;
        kind = event.failureKind();
        nextStep = 1;
        failuresSeen.add(String.valueOf(event.paymentId()));
    }

    @EventSourcingHandler
    void on(PaymentRetryScheduled event) {
        nextStep = event.step();
        pendingAt = event.retryAt();
        pendingIsRetry = true;
    }

    @EventSourcingHandler
    void on(DunningCheckpointScheduled event) {
        nextStep = event.step();
        pendingAt = event.at();
        pendingIsRetry = false;
    }

    @EventSourcingHandler
    void on(PaymentRetryAttempted event) {
        retryCount = event.retryNumber();
        inFlight = event.retryNumber();
        inFlightStep = event.step();
        if (event.step() != null) {
            stepOfRetry.put(event.retryNumber(), event.step());
            pendingAt = null;
        }
    }

    @EventSourcingHandler
    void on(DunningPaymentFailed event) {
        failuresSeen.add(String.valueOf(event.paymentId()));
        kind = event.failureKind();
        if (event.retryNumber() != null) {
            Integer step = stepOfRetry.get(event.retryNumber());
            if (step != null) {
                nextStep = step + 1;
            }
            inFlight = null;
            inFlightStep = null;
        }
    }

    @EventSourcingHandler
    void on(DunningEscalated event) {
        taken.add(event.action());
    }

    @EventSourcingHandler
    void on(DunningEscalationHeld event) {
        held = true;
        pendingAt = null;
    }

    @EventSourcingHandler
    void on(DunningEscalationResumed event) {
        held = false;
    }

    @EventSourcingHandler
    void on(DunningResolved event) {
        status = DunningStatus.RESOLVED;
        pendingAt = null;
        inFlight = null;
    }

    @EventSourcingHandler
    void on(DunningExhausted event) {
        status = DunningStatus.EXHAUSTED;
        pendingAt = null;
    }
}
