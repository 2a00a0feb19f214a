package io.billing.ledger.saga.gateway;

/**
 * The same idempotency key was used with other parameters (Stripe's {@code idempotency_error}):
 * a bug in how the caller derives its keys, never something to retry.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String idempotencyKey;

    public IdempotencyKeyReusedException(String idempotencyKey, String message) {
        super(message);
        this.idempotencyKey = idempotencyKey;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}
