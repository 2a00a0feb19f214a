package io.billing.ledger.server.web;

import io.billing.ledger.command.web.RequestAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's X-Request-Id when sensible), echoed in the response and
 * the logs, and a trace id (the W3C {@code traceparent}'s when the caller sent one, so a line can
 * be joined with the caller's trace; else a new one). Both, and the actor (anonymous until the
 * key filter knows better), are on every log line written while the request is handled (MDC),
 * and are removed afterwards, so a pooled thread does not carry them into the next request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    static final String TRACEPARENT = "traceparent";
    private static final Pattern TRACEPARENT_FORMAT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    /** The log fields (MDC keys) of a request. */
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_ACTOR = "actor";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String requestId = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        response.setHeader(HEADER, requestId);
        request.setAttribute(RequestAttributes.REQUEST_ID, requestId);
        RequestContext.set(new RequestContext(requestId, "anonymous"));
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_TRACE_ID, traceIdOf(request.getHeader(TRACEPARENT)));
        MDC.put(MDC_ACTOR, "anonymous");
        try {
            chain.doFilter(request, response);
        } finally {
            RequestContext.clear();
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_ACTOR);
        }
    }

    /** The 32-hex trace id of a valid W3C traceparent ({@code 00-<trace>-<span>-<flags>}), or a new one. */
    static String traceIdOf(String traceparent) {
        if (traceparent != null) {
            Matcher matcher = TRACEPARENT_FORMAT.matcher(traceparent.trim());
            if (matcher.matches() && !matcher.group(1).equals("0".repeat(32))) {
                return matcher.group(1);
            }
        }
        return UUID.randomUUID().toString().replace("-", "");
    }
}
