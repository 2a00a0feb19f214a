package io.billing.ledger.server.security;

import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated API key: the principal is the key's id and scopes, the authorities its scopes' wire names. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKeyPrincipal principal;

    public ApiKeyAuthentication(ApiKeyPrincipal principal) {
        super(principal.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.wire())).toList());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public ApiKeyPrincipal getPrincipal() {
        return principal;
    }

    /** The key itself is never kept once it has been checked. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.apiKeyId();
    }
}
