package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty List<@NotNull ApiKeyScope> scopes,
        @Future Instant expiresAt) {
}
