package io.billing.ledger.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code Idempotency-Key} on POST, as Stripe's: the same key with the same request replays
 * the first answer (status and body) without running the command again; the same key with
 * a different request is a 422. Keys are scoped to the API key that used them.
 */
@Component
@Order(RateLimitFilter.ORDER + 10)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final IdempotencyKeys keys;
    private final ErrorResponses errors;
    private final ObjectMapper canonical;

    public IdempotencyFilter(IdempotencyKeys keys, ErrorResponses errors, ObjectMapper mapper) {
        this.keys = keys;
        this.errors = errors;
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || request.getAttribute(ApiKeyAuthenticationFilter.PRINCIPAL) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isEmpty() || key.length() > 255) {
            errors.write(response, HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                    "Idempotency-Key must be 1 to 255 characters");
            return;
        }
        String apiKeyId = ((ApiKeyPrincipal) request.getAttribute(ApiKeyAuthenticationFilter.PRINCIPAL)).apiKeyId();
        CachedBodyRequest cached = new CachedBodyRequest(request);
        IdempotencyKeys.Claim claim = keys.claim(apiKeyId, key, fingerprint(cached));
        if (claim instanceof IdempotencyKeys.Mismatch) {
            errors.write(response, HttpStatus.UNPROCESSABLE_ENTITY, "IDEMPOTENCY_MISMATCH",
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        } else if (claim instanceof IdempotencyKeys.InProgress) {
            errors.write(response, HttpStatus.CONFLICT, "CONFLICT",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        } else if (claim instanceof IdempotencyKeys.Replay replay) {
            response.setStatus(replay.status());
            if (replay.contentType() != null) {
                response.setContentType(replay.contentType());
            }
            response.setHeader(REPLAYED, "true");
            if (replay.body() != null) {
                response.getOutputStream().write(replay.body());
            }
        } else {
            runOnce(cached, response, chain, apiKeyId, key);
        }
    }

    private void runOnce(CachedBodyRequest request, HttpServletResponse response, FilterChain chain,
                         String apiKeyId, String key) throws IOException, ServletException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(request, captured);
            if (captured.getStatus() < 500) {
                keys.complete(apiKeyId, key, captured.getStatus(), captured.getContentAsByteArray(),
                        captured.getContentType());
                completed = true;
            }
        } finally {
            if (!completed) {
                keys.release(apiKeyId, key);
            }
            captured.copyBodyToResponse();
        }
    }

    /** Method, path and body; a JSON body is compared by content, not by its whitespace or key order. */
    private String fingerprint(CachedBodyRequest request) {
        byte[] body = request.body();
        try {
            JsonNode json = canonical.readTree(body);
            if (json != null) {
                body = canonical.writeValueAsBytes(canonical.treeToValue(json, Object.class));
            }
        } catch (IOException notJson) {
            // hash the bytes as they are; the controller will answer the malformed body with a 400
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
