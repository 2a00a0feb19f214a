package io.billing.ledger.projection.apikey;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.ApiKeyView;

import java.time.Instant;

/**
 * How one event changes an API key as the API shows it, computed from the events alone: what
 * {@link ApiKeyDirectoryProjection} writes, for the answer to a write whose read model has not
 * caught up yet. {@code lastUsedAt} is not an event's: it is null here.
 */
public final class ApiKeyViewEvolver {

    private ApiKeyViewEvolver() {
    }

    public static ApiKeyView apply(ApiKeyView v, Object event, Instant at, long version) {
        if (event instanceof ApiKeyCreated e) {
            return new ApiKeyView(e.apiKeyId(), e.name(), e.keyPrefix(), e.scopes(), false, null, e.expiresAt(), at,
                    null);
        }
        if (v != null && event instanceof ApiKeyRevoked) {
            return new ApiKeyView(v.id(), v.name(), v.keyPrefix(), v.scopes(), true, v.lastUsedAt(), v.expiresAt(),
                    v.createdAt(), at);
        }
        return v;
    }
}
