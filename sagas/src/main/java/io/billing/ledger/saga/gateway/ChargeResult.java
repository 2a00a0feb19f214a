package io.billing.ledger.saga.gateway;

import io.billing.ledger.api.money.Money;

import java.util.Map;

/**
 * What the processor answered for a PaymentIntent. {@code failureCode}/{@code declineCode}/
 * {@code failureMessage} are Stripe's ({@code last_payment_error}) when {@code FAILED};
 * {@code nextActionUrl} is where the customer authenticates when {@code REQUIRES_ACTION}.
 */
public record ChargeResult(Status status,
                           String paymentIntentId,
                           Money amount,
                           String failureCode,
                           String declineCode,
                           String failureMessage,
                           String nextActionUrl,
                           Map<String, String> metadata) {

    public enum Status {
        SUCCEEDED,
        /** Declined or errored: see the codes; the PaymentIntent waits for another payment method. */
        FAILED,
        /** The customer must authenticate (SCA): {@code authentication_required} off session. */
        REQUIRES_ACTION,
        /** Accepted, the outcome arrives later by webhook (bank debits). */
        PROCESSING
    }
}
