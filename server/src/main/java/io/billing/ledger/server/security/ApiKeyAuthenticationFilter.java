package io.billing.ledger.server.security;

import io.billing.ledger.command.apikey.ApiKeyAuthenticator;
import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import io.billing.ledger.command.web.RequestAttributes;
import io.billing.ledger.server.web.ErrorResponses;
import io.billing.ledger.server.web.RequestContext;
import io.billing.ledger.server.web.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Spring Security's authentication step for {@code Authorization: Bearer <key>}: a known,
 * unrevoked, unexpired key becomes an {@link ApiKeyAuthentication}. Keys are checked only for
 * handlers that require a scope; every other request stays anonymous. Whether the
 * key may do what it asks is decided afterwards, on the handler (see {@code HandlerScopeAuthorization}).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "5";
    /** The User-Agent prefix of the billing CLI ({@code billing-cli/<version>}). */
    static final String CLI_USER_AGENT = "billing-cli/";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final EndpointRequirements requirements;
    private final AuthenticationEntryPoint entryPoint;
    private final ErrorResponses errors;
    private final ApiKeyUseRecorder useRecorder;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, EndpointRequirements requirements,
                                      AuthenticationEntryPoint entryPoint, ErrorResponses errors,
                                      ApiKeyUseRecorder useRecorder) {
        this.authenticator = authenticator;
        this.requirements = requirements;
        this.entryPoint = entryPoint;
        this.errors = errors;
        this.useRecorder = useRecorder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !(requirements.of(request) instanceof EndpointRequirement.Scope)) {
            // a public endpoint (or none) ignores any key: a stale one must not break /health
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            entryPoint.commence(request, response,
                    new BadCredentialsException("Send the API key as Authorization: Bearer <key>"));
            return;
        }
        Optional<ApiKeyPrincipal> principal;
        try {
            principal = authenticator.authenticate(header.substring(7).trim());
        } catch (DataAccessException e) {
            // an outage is not the caller's fault and not a bug: say so, without a stack trace
            log.warn("Cannot check an API key, the database is unreachable: {}", e.getMostSpecificCause().getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            errors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "The service cannot reach its database; retry shortly");
            return;
        }
        if (principal.isEmpty()) {
            entryPoint.commence(request, response,
                    new BadCredentialsException("The API key is unknown, revoked or expired"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(principal.get()));
        contexts.setContext(context);
        String actor = actorOf(principal.get(), request);
        request.setAttribute(RequestContext.PRINCIPAL, principal.get());
        request.setAttribute(RequestAttributes.ACTOR, actor);
        RequestContext.set(RequestContext.current().withActor(actor));
        MDC.put(RequestIdFilter.MDC_ACTOR, actor);
        // telemetry, not an event: noted in memory, written later by another thread (docs/security.md)
        useRecorder.used(principal.get().apiKeyId());
        chain.doFilter(request, response);
    }

    /**
     * Who acts, as the audit trail records it: the key's id, or {@code cli:<key id>} when the
     * operator's CLI sent the request (it says so in its User-Agent, as the seed's actors do). The
     * key id is kept either way, so a client claiming to be the CLI gains nothing but a label.
     */
    static String actorOf(ApiKeyPrincipal principal, HttpServletRequest request) {
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        return userAgent != null && userAgent.startsWith(CLI_USER_AGENT)
                ? "cli:" + principal.apiKeyId() : principal.apiKeyId();
    }
}
