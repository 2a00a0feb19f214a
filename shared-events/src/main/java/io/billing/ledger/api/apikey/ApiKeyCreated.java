package io.billing.ledger.api.apikey;

import java.time.Instant;
import java.util.List;

public record ApiKeyCreated(String apiKeyId,
                            String name,
                            String keyHash,
                            String keyPrefix,
                            List<ApiKeyScope> scopes,
                            Instant expiresAt) {
}
