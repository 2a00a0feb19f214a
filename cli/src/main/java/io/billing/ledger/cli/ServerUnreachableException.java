package io.billing.ledger.cli;

import java.net.URI;

/** No HTTP answer at all: refused, timed out, DNS failure. Distinct from an API error so scripts can retry. */
public final class ServerUnreachableException extends RuntimeException {

    public ServerUnreachableException(URI baseUrl, Throwable cause) {
        super("cannot reach the billing server at " + baseUrl + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        // HttpClient often wraps the useful message (e.g. "Connection refused") one level down.
        Throwable root = cause;
        while (root.getMessage() == null && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
