package io.billing.ledger.server.node;

import io.billing.ledger.server.web.ErrorResponses;
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
import java.util.Set;

/**
 * A node without the {@code api} role (BILLING_ROLES) answers only what an orchestrator and a
 * scraper ask of every node: {@code /health}, {@code /health/ready} and {@code /metrics}. Anything
 * else is {@code 404} in the error envelope, before authentication, so a processor node never
 * takes a write a load balancer sent it by mistake.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after RequestIdFilter, so the envelope carries the request id
public class ApiRoleFilter extends OncePerRequestFilter {

    static final Set<String> ALWAYS_SERVED = Set.of("/health", "/health/ready", "/metrics");

    private final boolean api;
    private final ErrorResponses errors;

    public ApiRoleFilter(NodeRoles roles, ErrorResponses errors) {
        this.api = roles.has(NodeRoles.Role.API);
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return api || ALWAYS_SERVED.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        errors.write(response, HttpStatus.NOT_FOUND, "NOT_FOUND",
                "This node does not serve the API (BILLING_ROLES has no api)");
    }
}
