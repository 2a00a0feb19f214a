package io.billing.ledger.server.security;

import io.billing.ledger.api.apikey.ApiKeyScope;

/** What the handler a request is routed to asks of the caller. */
public sealed interface EndpointRequirement {

    /** {@code @PublicEndpoint}, or the API description (springdoc) and its static files. */
    record Public() implements EndpointRequirement {
    }

    /** {@code @RequiresScope}: an API key that {@code may} this scope. */
    record Scope(ApiKeyScope scope) implements EndpointRequirement {
    }

    /** A handler that declares nothing: closed to everyone, so that a forgotten annotation fails safe. */
    record Undeclared(String handler) implements EndpointRequirement {
    }

    /**
     * No handler will run (unknown path, wrong method or media type): Spring MVC answers 404,
     * 405, 406 or 415 and nothing is invoked, so there is nothing to protect.
     */
    record NoHandler() implements EndpointRequirement {
    }
}
