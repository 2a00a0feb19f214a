package io.billing.ledger.server.web;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.command.apikey.ApiKeyAuthenticator;
import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import io.billing.ledger.command.web.RequestAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <key>} on every API path. Reads need {@code billing:read},
 * writes {@code billing:write}, key management and admin paths {@code admin}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String PRINCIPAL = ApiKeyPrincipal.class.getName();

    private final ApiKeyAuthenticator authenticator;
    private final ErrorResponses errors;

    public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, ErrorResponses errors) {
        this.authenticator = authenticator;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return PublicPaths.isPublic(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            errors.write(response, HttpStatus.UNAUTHORIZED, "AUTHENTICATION_ERROR",
                    "Missing API key: send Authorization: Bearer <key>");
            return;
        }
        Optional<ApiKeyPrincipal> principal = authenticator.authenticate(header.substring(7).trim());
        if (principal.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            errors.write(response, HttpStatus.UNAUTHORIZED, "AUTHENTICATION_ERROR",
                    "The API key is unknown, revoked or expired");
            return;
        }
        ApiKeyScope needed = requiredScope(request);
        if (!principal.get().may(needed)) {
            errors.write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "This API key lacks the scope " + needed.wire() + " needed here");
            return;
        }
        request.setAttribute(PRINCIPAL, principal.get());
        request.setAttribute(RequestAttributes.ACTOR, principal.get().apiKeyId());
        RequestContext.set(RequestContext.current().withActor(principal.get().apiKeyId()));
        chain.doFilter(request, response);
    }

    static ApiKeyScope requiredScope(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/v1/api-keys") || path.startsWith("/v1/admin")) {
            return ApiKeyScope.ADMIN;
        }
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                ? ApiKeyScope.READ : ApiKeyScope.WRITE;
    }
}
