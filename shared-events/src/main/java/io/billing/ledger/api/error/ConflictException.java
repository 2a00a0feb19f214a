package io.billing.ledger.api.error;

import java.util.List;

/**
 * A command that the current state of a resource does not allow. Carries the current
 * status and the transitions that are allowed from it, so that a client can adjust.
 */
public class ConflictException extends RuntimeException {

    private final String currentStatus;
    private final List<String> allowedTransitions;

    public ConflictException(String message) {
        this(message, null, List.of());
    }

    public ConflictException(String message, String currentStatus, List<String> allowedTransitions) {
        super(message);
        this.currentStatus = currentStatus;
        this.allowedTransitions = List.copyOf(allowedTransitions);
    }

    public String currentStatus() {
        return currentStatus;
    }

    public List<String> allowedTransitions() {
        return allowedTransitions;
    }
}
