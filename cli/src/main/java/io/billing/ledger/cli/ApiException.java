package io.billing.ledger.cli;

import io.billing.ledger.api.common.ErrorEnvelope;

/** The server answered, but with an error envelope (or something we could turn into one). */
public final class ApiException extends RuntimeException {

    private final int status;
    private final ErrorEnvelope.Error error;

    public ApiException(int status, ErrorEnvelope.Error error) {
        super(error.code() + ": " + error.message());
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public ErrorEnvelope.Error error() {
        return error;
    }
}
