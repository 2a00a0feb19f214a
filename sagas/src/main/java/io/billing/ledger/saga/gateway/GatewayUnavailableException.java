package io.billing.ledger.saga.gateway;

/**
 * The processor could not be reached, timed out or answered 5xx after the adapter's retries.
 * The outcome of the call is unknown: repeating it with the same idempotency key is safe.
 */
public class GatewayUnavailableException extends RuntimeException {

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
