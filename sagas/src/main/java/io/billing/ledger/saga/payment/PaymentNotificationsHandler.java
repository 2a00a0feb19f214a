package io.billing.ledger.saga.payment;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.saga.gateway.PaymentNotYetRecordedException;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.payment.RecordDisputeClosure;
import io.billing.ledger.api.payment.RecordPaymentActionRequired;
import io.billing.ledger.api.payment.RecordPaymentDispute;
import io.billing.ledger.api.payment.RecordPaymentFailure;
import io.billing.ledger.api.payment.RecordPaymentRefund;
import io.billing.ledger.api.payment.RecordPaymentSucceeded;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns what the processor reports after the fact (Stripe's webhooks, the simulated processor's
 * disputes) into commands on the payment the PaymentIntent belongs to: {@code metadata.payment_id}
 * when the notification carries it, else the {@link PaymentIntents} lookup. A PaymentIntent we do
 * not know is logged and changes nothing. The Payment decides what a notification means: a second
 * delivery, or a stale one (a failure after the success), changes nothing.
 */
@Component
public class PaymentNotificationsHandler implements PaymentNotifications {

    private static final Logger log = LoggerFactory.getLogger(PaymentNotificationsHandler.class);
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:payment-notifications");

    private final CommandGateway commands;
    private final PaymentIntents intents;
    private final EventStore eventStore;

    public PaymentNotificationsHandler(CommandGateway commands, PaymentIntents intents, EventStore eventStore) {
        this.commands = commands;
        this.intents = intents;
        this.eventStore = eventStore;
    }

    @Override
    public void paymentSucceeded(String paymentIntentId, Map<String, String> metadata, Instant at) {
        send(paymentIntentId, metadata, "payment succeeded",
                paymentId -> new RecordPaymentSucceeded(paymentId, paymentIntentId, at));
    }

    @Override
    public void paymentFailed(String paymentIntentId, Map<String, String> metadata, String failureCode,
                              String declineCode, String failureMessage, Instant at) {
        send(paymentIntentId, metadata, "payment failed", paymentId -> new RecordPaymentFailure(paymentId,
                paymentIntentId, failureCode, declineCode, failureMessage, at));
    }

    @Override
    public void paymentRequiresAction(String paymentIntentId, Map<String, String> metadata, String nextActionUrl,
                                      Instant at) {
        send(paymentIntentId, metadata, "payment requires action", paymentId -> new RecordPaymentActionRequired(
                paymentId, paymentIntentId, nextActionUrl, "authentication_required", null, null, at));
    }

    /** The payment is pending already; the outcome follows in another notification. */
    @Override
    public void paymentProcessing(String paymentIntentId, Map<String, String> metadata, Instant at) {
        log.info("PaymentIntent {} is processing (payment {})", paymentIntentId,
                paymentOf(paymentIntentId, metadata).orElse("unknown"));
    }

    @Override
    public void refunded(String paymentIntentId, String refundId, Money amount, String reason, Instant at) {
        send(paymentIntentId, Map.of(), "refund " + refundId,
                paymentId -> new RecordPaymentRefund(paymentId, refundId, amount, reason, at));
    }

    @Override
    public void disputeCreated(String paymentIntentId, String disputeId, Money amount, String reason, Instant at) {
        send(paymentIntentId, Map.of(), "dispute " + disputeId,
                paymentId -> new RecordPaymentDispute(paymentId, disputeId, amount, reason, at));
    }

    @Override
    public void disputeClosed(String paymentIntentId, String disputeId, String status, Instant at) {
        send(paymentIntentId, Map.of(), "dispute " + disputeId + " closed",
                paymentId -> new RecordDisputeClosure(paymentId, disputeId, status, at));
    }

    private void send(String paymentIntentId, Map<String, String> metadata, String what,
                      Function<String, Object> command) {
        Optional<String> paymentId = paymentOf(paymentIntentId, metadata);
        if (paymentId.isEmpty()) {
            log.warn("Ignored {} of PaymentIntent {}: it belongs to no payment we know", what, paymentIntentId);
            return;
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command.apply(paymentId.get())).andMetaData(ACTOR));
    }

    /**
     * Checked against the event store before any command is sent: a command to a payment that does
     * not exist would fail inside the caller's transaction (the webhook's deduplication) and roll it back.
     */
    private Optional<String> paymentOf(String paymentIntentId, Map<String, String> metadata) {
        String fromMetadata = metadata == null ? null : metadata.get(PaymentSaga.PAYMENT_ID);
        if (Ids.isValid(fromMetadata, Ids.PAYMENT)) {
            if (eventStore.lastSequenceNumberFor(fromMetadata).isPresent()) {
                return Optional.of(fromMetadata);
            }
            String invoiceId = metadata.get(PaymentSaga.INVOICE_ID);
            if (Ids.isValid(invoiceId, Ids.INVOICE) && eventStore.lastSequenceNumberFor(invoiceId).isPresent()) {
                // an attempt on one of our invoices that has not committed yet: refused for now, delivered again
                throw new PaymentNotYetRecordedException(fromMetadata, paymentIntentId);
            }
            return Optional.empty(); // names nothing of ours
        }
        Optional<String> candidate = paymentIntentId == null ? Optional.empty() : intents.paymentOf(paymentIntentId);
        return candidate.filter(id -> eventStore.lastSequenceNumberFor(id).isPresent());
    }
}
