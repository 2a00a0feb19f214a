package io.billing.ledger.saga.gateway;

/** The processor refused to attach a payment method (unknown id, or a card it rejects): a 400. */
public class PaymentMethodRejectedException extends RuntimeException {

    private final String code;

    public PaymentMethodRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Stripe's error code, e.g. {@code resource_missing} for an unknown payment method. */
    public String code() {
        return code;
    }
}
