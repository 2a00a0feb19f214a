package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Set;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty Set<ApiKeyScope> scopes,
        @Future Instant expiresAt) {
}
