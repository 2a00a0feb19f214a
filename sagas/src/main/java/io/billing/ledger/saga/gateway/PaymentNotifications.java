package io.billing.ledger.saga.gateway;

import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.Map;

/**
 * What the processor tells us after the fact, whoever delivers it: Stripe's webhooks
 * ({@code POST /webhooks/stripe}, verified and deduplicated before they get here) or the
 * simulated processor (a dispute after {@code pm_card_createDispute}). The implementation turns
 * each into a command on the payment the PaymentIntent belongs to ({@code metadata.payment_id},
 * else looked up by the PaymentIntent id); one for a PaymentIntent we do not know is logged and
 * changes nothing. Each is safe to receive twice and out of order.
 */
public interface PaymentNotifications {

    void paymentSucceeded(String paymentIntentId, Map<String, String> metadata, Instant at);

    void paymentFailed(String paymentIntentId, Map<String, String> metadata, String failureCode,
                       String declineCode, String failureMessage, Instant at);

    void paymentRequiresAction(String paymentIntentId, Map<String, String> metadata, String nextActionUrl,
                               Instant at);

    void paymentProcessing(String paymentIntentId, Map<String, String> metadata, Instant at);

    /** One refund ({@code refundId}) of {@code amount}, made by us or in Stripe's dashboard. */
    void refunded(String paymentIntentId, String refundId, Money amount, String reason, Instant at);

    void disputeCreated(String paymentIntentId, String disputeId, Money amount, String reason, Instant at);

    /** {@code status}: Stripe's dispute status at closing, {@code won} or {@code lost}. */
    void disputeClosed(String paymentIntentId, String disputeId, String status, Instant at);
}
