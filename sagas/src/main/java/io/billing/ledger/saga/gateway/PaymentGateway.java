package io.billing.ledger.saga.gateway;

import io.billing.ledger.api.money.Money;

import java.util.Map;

/**
 * The one port to a payment processor: Stripe ({@code StripePaymentGateway}, stripe-java
 * against {@code STRIPE_API_BASE}) when {@code STRIPE_SECRET_KEY} is set, else the built-in
 * simulated processor that answers like Stripe's test payment methods.
 * <p>
 * Every call that changes something at the processor carries an idempotency key chosen by the
 * caller from our own ids (a charge: invoice id + attempt number), so that a retry, a redelivery
 * or a restart repeats the first answer instead of charging again.
 * <p>
 * A declined charge is an answer ({@link ChargeResult} with status {@code FAILED}), not an
 * exception. {@link GatewayUnavailableException} means the processor could not be reached or
 * answered 5xx after the adapter's own retries: the outcome is unknown, and asking again with
 * the same key is safe. {@link IdempotencyKeyReusedException} means a key came again with other
 * parameters (Stripe's {@code idempotency_error}): a bug in how the caller derives keys, never retried.
 */
public interface PaymentGateway {

    /** "stripe" or "simulated", for logs and the startup line. */
    String name();

    /** Creates the processor's customer for ours; answers its id ({@code cus_…}). */
    String createCustomer(CustomerDetails customer, String idempotencyKey);

    /** Copies a name or email change to the processor's customer. */
    void updateCustomer(String processorCustomerId, CustomerDetails customer, String idempotencyKey);

    /**
     * Attaches a payment method to the processor's customer and answers what may be shown of it.
     *
     * @throws PaymentMethodRejectedException when the processor does not know the payment method or refuses it
     */
    PaymentMethodDetails attachPaymentMethod(String processorCustomerId, String paymentMethodId,
                                             String idempotencyKey);

    /** Creates and confirms an off-session PaymentIntent for the amount. */
    ChargeResult charge(ChargeRequest request);

    /** Refunds all or part of a succeeded charge. */
    RefundResult refund(String paymentIntentId, Money amount, String reason, String idempotencyKey);

    /** The PaymentIntent as the processor sees it now (after a restart, or to reconcile). */
    ChargeResult fetchPayment(String paymentIntentId);

    /** Our customer as the processor is told about it; metadata carries our customer id. */
    record CustomerDetails(String customerId, String name, String email) {
    }

    /** No full card data: brand, last four digits and expiry only. */
    record PaymentMethodDetails(String paymentMethodId, String brand, String last4, int expMonth, int expYear) {
    }

    /**
     * An off-session charge of {@code paymentMethodId} (null: the customer's default at the
     * processor). {@code metadata} is stored on the PaymentIntent and comes back on its
     * webhooks: it carries {@code payment_id} and {@code invoice_id}.
     */
    record ChargeRequest(String processorCustomerId, String paymentMethodId, Money amount, String description,
                         Map<String, String> metadata, String idempotencyKey) {
    }

    record RefundResult(String refundId, Money amount, String status) {
    }
}
