package io.billing.ledger.command.web;

/**
 * The command was accepted and stored, but the read model did not catch up in time to
 * show it. The write stands; the client may read the resource again shortly.
 */
public class ReadModelTimeoutException extends RuntimeException {

    private final String resourceId;

    public ReadModelTimeoutException(String resourceId) {
        super("The change to " + resourceId + " was recorded but is not yet visible; read it again shortly");
        this.resourceId = resourceId;
    }

    public String resourceId() {
        return resourceId;
    }
}
