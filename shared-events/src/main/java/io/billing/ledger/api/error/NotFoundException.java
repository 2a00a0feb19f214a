package io.billing.ledger.api.error;

/** The named resource does not exist (or is not visible to the caller). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String resource, String id) {
        super(resource + " " + id + " was not found");
    }

    /** With a message of its own, e.g. "Subscription sub_… does not exist". */
    public NotFoundException(String message) {
        super(message);
    }
}
