package io.billing.ledger.api.apikey;

import java.time.Instant;
import java.util.Set;

public record ApiKeyCreated(String apiKeyId,
                            String name,
                            String keyHash,
                            String keyPrefix,
                            Set<ApiKeyScope> scopes,
                            Instant expiresAt) {
}
