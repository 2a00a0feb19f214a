package io.billing.ledger.server.web;

/**
 * The idempotency claim of the request on this thread, if it has one. Commands run on the
 * calling thread (SimpleCommandBus), so the command's transaction finds the claim here and
 * marks it committed (see {@code IdempotencyCommitMarker}).
 */
public record IdempotencyClaim(String apiKeyId, String key, String token) {

    private static final ThreadLocal<IdempotencyClaim> CURRENT = new ThreadLocal<>();

    public static IdempotencyClaim current() {
        return CURRENT.get();
    }

    static void set(IdempotencyClaim claim) {
        CURRENT.set(claim);
    }

    static void clear() {
        CURRENT.remove();
    }
}
