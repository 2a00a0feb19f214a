package io.billing.ledger.server.logging;

import io.billing.ledger.command.web.RequestAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;

/**
 * One line per request, the evidence of who accessed what: method, route template (never the
 * raw URI, which may carry ids and query strings), status, duration in ms and actor. It wraps
 * Spring Security's filter chain, so requests refused there (the firewall's 400, 401, 403, 429)
 * are logged as well as those the dispatcher served. Runs inside {@code RequestIdFilter}, so the
 * line carries the request's id and trace id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class AccessLogFilter extends OncePerRequestFilter {

    /** A logger of its own, so the access log can be routed or levelled apart from the rest. */
    private static final Logger log = LoggerFactory.getLogger("billing.access");

    /** The route of a request no handler took (unknown path, or refused before routing). */
    static final String UNMATCHED = "unmatched";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            // an exception thrown through here becomes a 500 once the container's error page runs
            int status = failed ? 500 : response.getStatus();
            String route = routeOf(request);
            String actor = actorOf(request);
            // fields of their own in JSON lines (the actor, request and trace ids are already there, from the MDC)
            log.atInfo()
                    .addKeyValue("http.request.method", request.getMethod())
                    .addKeyValue("http.route", route)
                    .addKeyValue("http.response.status_code", status)
                    .addKeyValue("durationMs", durationMs)
                    .log("{} {} {} {}ms actor={}", request.getMethod(), route, status, durationMs, actor);
        }
    }

    /**
     * The handler's pattern ({@code /v1/invoices/{invoiceId}}). The security layer resolves the handler
     * before it decides ({@code EndpointRequirements}), so a refused request has one too.
     */
    static String routeOf(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern instanceof String template && !template.isEmpty() ? template : UNMATCHED;
    }

    private static String actorOf(HttpServletRequest request) {
        Object actor = request.getAttribute(RequestAttributes.ACTOR);
        return actor instanceof String name ? name : "anonymous";
    }
}
