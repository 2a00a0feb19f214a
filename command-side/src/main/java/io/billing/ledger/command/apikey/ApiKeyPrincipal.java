package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;

import java.util.Set;

/** Who is calling: the id of an authenticated API key and what it may do. {@code admin} may do everything. */
public record ApiKeyPrincipal(String apiKeyId, Set<ApiKeyScope> scopes) {

    public boolean may(ApiKeyScope scope) {
        return scopes.contains(ApiKeyScope.ADMIN) || scopes.contains(scope);
    }
}
