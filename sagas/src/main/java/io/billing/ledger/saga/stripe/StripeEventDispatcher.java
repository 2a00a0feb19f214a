package io.billing.ledger.saga.stripe;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.billing.ledger.saga.gateway.StripePaymentGateway;
import io.billing.ledger.saga.gateway.StripePaymentGateway.ChargeRefund;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a verified Stripe event into the {@link PaymentNotifications} call it stands for. Runs
 * inside the transaction that records the event as received, so what the notification does
 * commits, or rolls back, with that record.
 */
@Component
public class StripeEventDispatcher {

    /** The event types we act on; every other one is acknowledged and counted as ignored. */
    public static final Set<String> HANDLED = Set.of("payment_intent.succeeded", "payment_intent.payment_failed",
            "payment_intent.requires_action", "payment_intent.processing", "charge.refunded",
            "charge.dispute.created", "charge.dispute.closed");

    private static final Logger log = LoggerFactory.getLogger(StripeEventDispatcher.class);

    private final ObjectProvider<PaymentNotifications> notifications;
    private final ObjectProvider<PaymentGateway> gateway;

    public StripeEventDispatcher(ObjectProvider<PaymentNotifications> notifications,
                                 ObjectProvider<PaymentGateway> gateway) {
        this.notifications = notifications;
        this.gateway = gateway;
    }

    public static boolean handles(String type) {
        return HANDLED.contains(type);
    }

    /** Whether payments can be told anything yet (their implementation may not be deployed). */
    public boolean ready() {
        return notifications.getIfAvailable() != null;
    }

    public void dispatch(Event event) {
        PaymentNotifications to = notifications.getObject();
        Instant at = Instant.ofEpochSecond(event.getCreated());
        StripeObject object = objectOf(event);
        switch (event.getType()) {
            case "payment_intent.succeeded" -> {
                PaymentIntent intent = (PaymentIntent) object;
                to.paymentSucceeded(intent.getId(), metadataOf(intent), at);
            }
            case "payment_intent.payment_failed" -> {
                PaymentIntent intent = (PaymentIntent) object;
                StripeError error = intent.getLastPaymentError();
                to.paymentFailed(intent.getId(), metadataOf(intent), error == null ? null : error.getCode(),
                        error == null ? null : error.getDeclineCode(), error == null ? null : error.getMessage(), at);
            }
            case "payment_intent.requires_action" -> {
                PaymentIntent intent = (PaymentIntent) object;
                to.paymentRequiresAction(intent.getId(), metadataOf(intent), StripePaymentGateway.nextActionUrl(intent),
                        at);
            }
            case "payment_intent.processing" -> {
                PaymentIntent intent = (PaymentIntent) object;
                to.paymentProcessing(intent.getId(), metadataOf(intent), at);
            }
            case "charge.refunded" -> {
                Charge charge = (Charge) object;
                if (charge.getPaymentIntent() == null) {
                    log.info("Stripe event {}: charge {} has no PaymentIntent, not ours", event.getId(), charge.getId());
                    return;
                }
                for (ChargeRefund refund : refundsOf(charge)) {
                    to.refunded(charge.getPaymentIntent(), refund.refundId(), refund.amount(), refund.reason(),
                            refund.created() == null ? at : refund.created());
                }
            }
            case "charge.dispute.created" -> {
                Dispute dispute = (Dispute) object;
                if (dispute.getPaymentIntent() == null) {
                    log.info("Stripe event {}: dispute {} has no PaymentIntent, not ours", event.getId(), dispute.getId());
                    return;
                }
                to.disputeCreated(dispute.getPaymentIntent(), dispute.getId(),
                        Money.of(dispute.getAmount(), dispute.getCurrency()), dispute.getReason(), at);
            }
            case "charge.dispute.closed" -> {
                Dispute dispute = (Dispute) object;
                if (dispute.getPaymentIntent() == null) {
                    log.info("Stripe event {}: dispute {} has no PaymentIntent, not ours", event.getId(), dispute.getId());
                    return;
                }
                to.disputeClosed(dispute.getPaymentIntent(), dispute.getId(), dispute.getStatus(), at);
            }
            default -> throw new IllegalArgumentException("not a handled Stripe event type: " + event.getType());
        }
    }

    /**
     * The charge's refunds: in the event when its API version still embeds them, else asked of
     * Stripe (since 2022-11-15 a charge no longer carries its refunds).
     */
    private List<ChargeRefund> refundsOf(Charge charge) {
        if (charge.getRefunds() != null && charge.getRefunds().getData() != null
                && !Boolean.TRUE.equals(charge.getRefunds().getHasMore())) {
            return charge.getRefunds().getData().stream().map(StripePaymentGateway::refundOf).toList();
        }
        if (gateway.getIfAvailable() instanceof StripePaymentGateway stripe) {
            return stripe.refundsOfCharge(charge.getId());
        }
        throw new IllegalStateException("charge.refunded for " + charge.getId() + " carries no refunds, and without "
                + "STRIPE_SECRET_KEY they cannot be asked of Stripe");
    }

    /**
     * The event's object. stripe-java reads it safely only when the event's API version is the one
     * it is pinned to; an endpoint on another version is read as well as the fields allow.
     */
    private static StripeObject objectOf(Event event) {
        EventDataObjectDeserializer data = event.getDataObjectDeserializer();
        if (data.getObject().isPresent()) {
            return data.getObject().get();
        }
        try {
            return data.deserializeUnsafe();
        } catch (EventDataObjectDeserializationException e) {
            throw new IllegalStateException("Stripe event " + event.getId() + " (API version "
                    + event.getApiVersion() + ") cannot be read", e);
        }
    }

    private static Map<String, String> metadataOf(PaymentIntent intent) {
        return intent.getMetadata() == null ? Map.of() : intent.getMetadata();
    }
}
