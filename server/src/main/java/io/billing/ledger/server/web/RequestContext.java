package io.billing.ledger.server.web;

/**
 * Who is acting and for which request, for the thread handling it. Web requests set it
 * in {@link RequestIdFilter} and the API key authentication filter; background
 * components run under {@link #system(String)}.
 */
public record RequestContext(String requestId, String actor) {

    /**
     * The request attribute holding the authenticated {@code ApiKeyPrincipal}: set by the security
     * chain, read by the rate limit and idempotency filters that run after it.
     */
    public static final String PRINCIPAL = "io.billing.ledger.command.apikey.ApiKeyPrincipal";

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();
    private static final RequestContext UNKNOWN = new RequestContext(null, "system:unknown");

    public static RequestContext current() {
        RequestContext context = CURRENT.get();
        return context == null ? UNKNOWN : context;
    }

    public static void set(RequestContext context) {
        CURRENT.set(context);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** Runs work as a named system component, e.g. {@code system:bootstrap}. */
    public static void runAsSystem(String component, Runnable work) {
        RequestContext previous = CURRENT.get();
        CURRENT.set(new RequestContext(null, "system:" + component));
        try {
            work.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public RequestContext withActor(String newActor) {
        return new RequestContext(requestId, newActor);
    }
}
