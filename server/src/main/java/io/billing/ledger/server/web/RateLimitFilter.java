package io.billing.ledger.server.web;

import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * At most RATE_LIMIT_MAX_REQUESTS per RATE_LIMIT_WINDOW_MS for each API key (a Bucket4j
 * token bucket refilled in full at each window). Buckets live in this node's memory: with
 * several nodes, each enforces the limit on its own share of the traffic.
 */
@Component
@Order(RateLimitFilter.ORDER)
public class RateLimitFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain, which authenticates the key (and the idempotency filter after this). */
    public static final int ORDER = SecurityProperties.DEFAULT_FILTER_ORDER + 10;

    private final long maxRequests;
    private final Duration window;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ErrorResponses errors;

    public RateLimitFilter(RateLimitSettings settings, ErrorResponses errors) {
        this.maxRequests = settings.maxRequests();
        this.window = Duration.ofMillis(settings.windowMs());
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(RequestContext.PRINCIPAL) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiKeyPrincipal principal = (ApiKeyPrincipal) request.getAttribute(RequestContext.PRINCIPAL);
        Bucket bucket = buckets.computeIfAbsent(principal.apiKeyId(), id -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("X-RateLimit-Limit", Long.toString(maxRequests));
        response.setHeader("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            response.setHeader("Retry-After", Long.toString(seconds));
            errors.write(response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED",
                    "Too many requests for this API key; retry after " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(maxRequests).refillIntervally(maxRequests, window))
                .build();
    }
}
