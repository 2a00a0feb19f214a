package io.billing.ledger.api.apikey;

import java.time.Instant;
import java.util.List;

/**
 * An API key as the API shows it: never the key itself nor its hash, only its first characters.
 * {@code lastUsedAt} is when it last authenticated a request, to the minute (written at most once
 * a minute, after the request; null if never used).
 */
public record ApiKeyView(String id,
                         String name,
                         String keyPrefix,
                         List<ApiKeyScope> scopes,
                         boolean isRevoked,
                         Instant lastUsedAt,
                         Instant expiresAt,
                         Instant createdAt,
                         Instant revokedAt) {
}
