package io.billing.ledger.command.web;

/**
 * Who made the current HTTP request and its id, as request attributes: set by the server's
 * filters, read where something is recorded outside a command (usage records), so that
 * every event carries its actor and request id.
 */
public final class RequestAttributes {

    public static final String ACTOR = "io.billing.ledger.actor";
    public static final String REQUEST_ID = "io.billing.ledger.requestId";

    private RequestAttributes() {
    }
}
