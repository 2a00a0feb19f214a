package io.billing.ledger.cli;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** No HTTP answer at all: refused, timed out, DNS failure. Distinct from an API error so scripts can retry. */
public final class ServerUnreachableException extends RuntimeException {

    public ServerUnreachableException(URI baseUrl, Throwable cause) {
        super("cannot reach the billing server at " + baseUrl + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        // HttpClient reports a refused connection as a ConnectException without a message
        // (wrapping a ClosedChannelException), which would tell an operator nothing.
        for (Throwable current = cause; current != null; current = current.getCause()) {
            if (current instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (current instanceof UnresolvedAddressException || current instanceof UnknownHostException) {
                return "unknown host";
            }
            if (current instanceof ConnectException) {
                return current.getMessage() == null ? "connection refused" : current.getMessage();
            }
            if (current instanceof InterruptedException) {
                return "interrupted";
            }
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
