package io.billing.ledger.command.web;

/**
 * The command was accepted and stored, but its resource could not be read, neither from the
 * read model nor folded from its events (a read after a write falls back to the events when the
 * read model is slow, so this means reads fail). The write stands; the answer is a 503 with
 * Retry-After, never a 202 with a placeholder (docs/api.md).
 */
public class ReadModelTimeoutException extends RuntimeException {

    private final String resourceId;

    public ReadModelTimeoutException(String resourceId) {
        super("The change to " + resourceId + " was recorded but cannot be read now; read it again shortly");
        this.resourceId = resourceId;
    }

    public String resourceId() {
        return resourceId;
    }
}
