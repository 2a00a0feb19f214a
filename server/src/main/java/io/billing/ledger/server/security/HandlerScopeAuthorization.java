package io.billing.ledger.server.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.function.Supplier;

/**
 * Grants a request when the API key may do what the handler it reaches requires: its
 * {@code @RequiresScope}, nothing for {@code @PublicEndpoint}, and nobody for a handler that
 * declares neither. The requirement is left on the request so that a 403 can name the scope.
 */
public class HandlerScopeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    /** Request attribute: the {@link EndpointRequirement} of the handler the request is routed to. */
    public static final String REQUIREMENT = EndpointRequirement.class.getName();

    private final EndpointRequirements requirements;

    public HandlerScopeAuthorization(EndpointRequirements requirements) {
        this.requirements = requirements;
    }

    @Override
    public AuthorizationDecision authorize(Supplier<Authentication> authentication,
                                           RequestAuthorizationContext context) {
        EndpointRequirement requirement = requirements.of(context.getRequest());
        context.getRequest().setAttribute(REQUIREMENT, requirement);
        if (requirement instanceof EndpointRequirement.Scope scope) {
            return new AuthorizationDecision(authentication.get() instanceof ApiKeyAuthentication key
                    && key.getPrincipal().may(scope.scope()));
        }
        return new AuthorizationDecision(!(requirement instanceof EndpointRequirement.Undeclared));
    }

    /** Spring Security 6 still declares this; {@link #authorize} is its successor. */
    @Override
    @Deprecated
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return authorize(authentication, context);
    }
}
