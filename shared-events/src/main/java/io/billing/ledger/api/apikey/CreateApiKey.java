package io.billing.ledger.api.apikey;

import java.time.Instant;
import java.util.List;

/** Registers an API key by its hash; the raw key never enters a command or an event. */
public record CreateApiKey(String apiKeyId,
                           String name,
                           String keyHash,
                           String keyPrefix,
                           List<ApiKeyScope> scopes,
                           Instant expiresAt) {
}
