package io.billing.ledger.command.payment;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentAttemptStarted;
import io.billing.ledger.api.payment.PaymentDisputeClosed;
import io.billing.ledger.api.payment.PaymentDisputed;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentRefunded;
import io.billing.ledger.api.payment.PaymentStatus;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.PrepareRefund;
import io.billing.ledger.api.payment.RecordDisputeClosure;
import io.billing.ledger.api.payment.RecordPaymentActionRequired;
import io.billing.ledger.api.payment.RecordPaymentDispute;
import io.billing.ledger.api.payment.RecordPaymentFailure;
import io.billing.ledger.api.payment.RecordPaymentRefund;
import io.billing.ledger.api.payment.RecordPaymentSucceeded;
import io.billing.ledger.api.payment.RefundTerms;
import io.billing.ledger.api.payment.StartPaymentAttempt;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.billing.ledger.api.payment.PaymentStatus.DISPUTED;
import static io.billing.ledger.api.payment.PaymentStatus.FAILED;
import static io.billing.ledger.api.payment.PaymentStatus.PENDING;
import static io.billing.ledger.api.payment.PaymentStatus.REFUNDED;
import static io.billing.ledger.api.payment.PaymentStatus.SUCCEEDED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One charge attempt of an invoice and what became of it. The processor's answers arrive twice
 * (the saga's own call, then the webhook) and out of order, so every record is idempotent and a
 * stale one is ignored: once the money is collected, a late failure or authentication request
 * changes nothing; a refund or dispute is recorded once by its processor id. The records never
 * refuse with an exception: they are sent by processors inside their own transaction, which a
 * refused command would mark for rollback (only {@link PrepareRefund}, asked over REST, refuses).
 */
@Aggregate
public class PaymentAggregate {

    @AggregateIdentifier
    private String paymentId;
    private String invoiceId;
    private String customerId;
    private String testClockId;
    private Instant startedAt;
    private Money amount;
    private int attempt;
    private PaymentStatus status;
    private boolean awaitingAction;
    private boolean collected;
    private String paymentIntentId;
    private Money refunded;
    private final Set<String> refunds = new HashSet<>();
    private final Set<String> disputes = new HashSet<>();
    private final Set<String> closedDisputes = new HashSet<>();
    private PaymentStatus statusBeforeDispute;

    protected PaymentAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** Created if missing: the saga starts the same attempt again after a redelivery, which changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartPaymentAttempt command, SubscriptionClocks clocks) {
        if (paymentId != null) {
            return;
        }
        if (command.amount().isNegative() || command.amount().isZero()) {
            throw new IllegalArgumentException("a payment must be positive, was " + command.amount());
        }
        apply(new PaymentAttemptStarted(command.paymentId(), command.invoiceId(), command.customerId(),
                command.amount(), command.attempt(), command.paymentMethodId(), command.testClockId(),
                command.startedAt() != null ? command.startedAt() : clocks.now(command.testClockId())));
    }

    /** A success is final: it is recorded after a failure too (the processor collected the money after all). */
    @CommandHandler
    public void handle(RecordPaymentSucceeded command, SubscriptionClocks clocks) {
        if (collected) {
            return; // recorded already, or a refund or dispute followed it
        }
        apply(new PaymentSucceeded(paymentId, invoiceId, customerId, amount,
                command.paymentIntentId() != null ? command.paymentIntentId() : paymentIntentId,
                at(command.at(), clocks)));
    }

    @CommandHandler
    public void handle(RecordPaymentFailure command, SubscriptionClocks clocks) {
        if (status != PENDING) {
            return; // a stale failure after the success, or the same failure again
        }
        apply(new PaymentFailed(paymentId, invoiceId, customerId, intent(command.paymentIntentId()),
                command.failureCode(), command.declineCode(), command.failureMessage(),
                FailureKind.classify(command.failureCode(), command.declineCode()), attempt, at(command.at(), clocks)));
    }

    @CommandHandler
    public void handle(RecordPaymentActionRequired command, SubscriptionClocks clocks) {
        if (status != PENDING || awaitingAction) {
            return; // decided already, or the same request for authentication again
        }
        apply(new PaymentActionRequired(paymentId, invoiceId, customerId, intent(command.paymentIntentId()),
                command.nextActionUrl(), command.failureCode(), command.declineCode(), command.failureMessage(),
                at(command.at(), clocks)));
    }

    /** Decides how much a refund takes, before the processor is asked; records nothing. */
    @CommandHandler
    public RefundTerms handle(PrepareRefund command) {
        if (!collected || status == DISPUTED) {
            throw new ConflictException("Payment " + paymentId + " is " + status.wire()
                    + (status == DISPUTED ? "; a disputed payment is settled by its dispute, not refunded"
                    : "; only a succeeded payment can be refunded"), status.wire(), List.of());
        }
        Money left = amount.minus(refunded);
        Money asked = command.amountCents() == null ? left : Money.of(command.amountCents(), amount.currency());
        if (!asked.isNegative() && !asked.isZero() && asked.compareTo(left) > 0) {
            throw new InvalidRequestException("amountCents", "exceeds_refundable",
                    "At most " + left.amount() + " can still be refunded on this payment");
        }
        if (asked.isNegative() || asked.isZero()) {
            throw new InvalidRequestException("amountCents", left.isZero() ? "fully_refunded" : "must_be_positive",
                    left.isZero() ? "Payment " + paymentId + " is refunded in full already"
                            : "A refund must be a positive amount");
        }
        return new RefundTerms(paymentIntentId, asked);
    }

    /**
     * Records a refund the processor made: ours, or one made in its dashboard (a webhook). The
     * processor checked the amount; the same refund id twice is recorded once.
     */
    @CommandHandler
    public void handle(RecordPaymentRefund command, SubscriptionClocks clocks) {
        if (refunds.contains(command.refundId())) {
            return;
        }
        if (!collected) {
            return; // the processor refunds only collected money: a stale or misdirected report
        }
        Money total = refunded.plus(command.amount());
        boolean full = total.compareTo(amount) >= 0;
        apply(new PaymentRefunded(paymentId, invoiceId, command.refundId(), command.amount(), total,
                command.reason(), full, at(command.at(), clocks)));
    }

    @CommandHandler
    public void handle(RecordPaymentDispute command, SubscriptionClocks clocks) {
        if (disputes.contains(command.disputeId())) {
            return;
        }
        if (!collected) {
            return; // only collected money can be disputed: a stale or misdirected report
        }
        apply(new PaymentDisputed(paymentId, invoiceId, command.disputeId(),
                command.amount() != null ? command.amount() : amount, command.reason(), at(command.at(), clocks)));
    }

    @CommandHandler
    public void handle(RecordDisputeClosure command, SubscriptionClocks clocks) {
        if (!disputes.contains(command.disputeId()) || closedDisputes.contains(command.disputeId())) {
            return; // a closure of a dispute we never saw open changes nothing; nor does one twice
        }
        PaymentStatus after = "won".equals(command.outcome()) ? statusBeforeDispute : DISPUTED;
        apply(new PaymentDisputeClosed(paymentId, invoiceId, command.disputeId(), command.outcome(), after,
                at(command.at(), clocks)));
    }

    private String intent(String fromCommand) {
        return fromCommand != null ? fromCommand : paymentIntentId;
    }

    /**
     * The reported time of the fact (the processor's, or the attempt's own for its synchronous
     * answer), else now. On a test clock only a time between the attempt and the clock's now is
     * taken: a processor's wall-clock time means nothing there.
     */
    private Instant at(Instant reported, SubscriptionClocks clocks) {
        Instant now = clocks.now(testClockId);
        if (reported == null) {
            return now;
        }
        if (testClockId == null) {
            return reported;
        }
        return reported.isBefore(startedAt) || reported.isAfter(now) ? now : reported;
    }

    @EventSourcingHandler
    void on(PaymentAttemptStarted event) {
        paymentId = event.paymentId();
        invoiceId = event.invoiceId();
        customerId = event.customerId();
        testClockId = event.testClockId();
        startedAt = event.startedAt();
        amount = event.amount();
        attempt = event.attempt();
        status = PENDING;
        refunded = Money.zero(event.amount().currency());
    }

    @EventSourcingHandler
    void on(PaymentSucceeded event) {
        status = SUCCEEDED;
        collected = true;
        awaitingAction = false;
        if (event.paymentIntentId() != null) {
            paymentIntentId = event.paymentIntentId();
        }
    }

    @EventSourcingHandler
    void on(PaymentFailed event) {
        status = FAILED;
        awaitingAction = false;
        if (event.paymentIntentId() != null) {
            paymentIntentId = event.paymentIntentId();
        }
    }

    @EventSourcingHandler
    void on(PaymentActionRequired event) {
        awaitingAction = true;
        if (event.paymentIntentId() != null) {
            paymentIntentId = event.paymentIntentId();
        }
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        refunds.add(event.refundId());
        refunded = event.amountRefunded();
        if (event.fullyRefunded() && status != DISPUTED) {
            status = REFUNDED;
        }
    }

    @EventSourcingHandler
    void on(PaymentDisputed event) {
        disputes.add(event.disputeId());
        if (status != DISPUTED) {
            statusBeforeDispute = status;
        }
        status = DISPUTED;
    }

    @EventSourcingHandler
    void on(PaymentDisputeClosed event) {
        closedDisputes.add(event.disputeId());
        status = event.status();
    }
}
