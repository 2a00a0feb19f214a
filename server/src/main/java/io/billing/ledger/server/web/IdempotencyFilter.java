package io.billing.ledger.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import io.billing.ledger.command.web.ShownOnce;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on POST, as Stripe's: the same key with the same request replays
 * the first answer (status and body) without running the command again; the same key with
 * a different request is a 422. Keys are scoped to the API key that used them.
 * <p>
 * A key whose command committed is never released and never answers a 5xx: when the answer
 * failed after the commit, or the server died before storing it, the answer is rebuilt from
 * the resource the command produced (a GET of it, with the handler's success status).
 * Secrets shown once ({@link ShownOnce}) are never stored (docs/security.md).
 */
@Component
@Order(RateLimitFilter.ORDER + 10)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    /** On a replayed answer whose secret was shown only the first time: names the field answered as null. */
    public static final String SECRET_OMITTED = "Idempotent-Secret-Omitted";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    /** Seconds a client waits before retrying a committed request whose result cannot be read yet. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final ErrorResponses errors;
    private final ObjectMapper json;
    private final ObjectMapper canonical;
    private final ObjectProvider<DispatcherServlet> dispatcher;
    private final ObjectProvider<RequestMappingHandlerMapping> handlers;
    private final Duration readModelWait;

    public IdempotencyFilter(IdempotencyKeys keys, ErrorResponses errors, ObjectMapper mapper,
                             ObjectProvider<DispatcherServlet> dispatcher,
                             @Qualifier("requestMappingHandlerMapping")
                             ObjectProvider<RequestMappingHandlerMapping> handlers,
                             @Value("${billing.read-model.wait-timeout}") Duration readModelWait) {
        this.keys = keys;
        this.errors = errors;
        this.json = mapper;
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.dispatcher = dispatcher;
        this.handlers = handlers;
        this.readModelWait = readModelWait;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || request.getAttribute(RequestContext.PRINCIPAL) == null;
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
        String apiKeyId = ((ApiKeyPrincipal) request.getAttribute(RequestContext.PRINCIPAL)).apiKeyId();
        CachedBodyRequest cached = new CachedBodyRequest(request);
        IdempotencyKeys.Claim claim = keys.claim(apiKeyId, key, fingerprint(cached));
        if (claim instanceof IdempotencyKeys.Mismatch) {
            errors.write(response, HttpStatus.UNPROCESSABLE_ENTITY, "IDEMPOTENCY_MISMATCH",
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        } else if (claim instanceof IdempotencyKeys.InProgress inProgress) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, inProgress.retryAfter().toSeconds() + 1)));
            errors.write(response, HttpStatus.CONFLICT, "CONFLICT",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        } else if (claim instanceof IdempotencyKeys.Replay replay) {
            replay(cached, response, replay);
        } else if (claim instanceof IdempotencyKeys.Committed committed) {
            answerCommitted(cached, response, apiKeyId, key, null, committed.resourceId(), true);
        } else {
            runOnce(cached, response, chain, apiKeyId, key, ((IdempotencyKeys.Claimed) claim).token());
        }
    }

    private void replay(HttpServletRequest request, HttpServletResponse response, IdempotencyKeys.Replay replay)
            throws IOException {
        response.setStatus(replay.status());
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        response.setHeader(REPLAYED, "true");
        ShownOnce shownOnce = replay.status() < 300 ? shownOnce(handlerOf(request)) : null;
        if (shownOnce != null) {
            response.setHeader(SECRET_OMITTED, shownOnce.value());
        }
        if (replay.body() != null) {
            response.getOutputStream().write(replay.body());
        }
    }

    private void runOnce(CachedBodyRequest request, HttpServletResponse response, FilterChain chain,
                         String apiKeyId, String key, String token) throws IOException, ServletException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Exception failure = null;
        IdempotencyClaim.set(new IdempotencyClaim(apiKeyId, key, token));
        try {
            chain.doFilter(request, captured);
        } catch (IOException | ServletException | RuntimeException e) {
            failure = e;
        } finally {
            IdempotencyClaim.clear();
        }
        int status = failure != null ? 500 : captured.getStatus();
        Optional<String> committed;
        try {
            committed = keys.committed(apiKeyId, key, token);
        } catch (DataAccessException e) {
            // what committed cannot be told now: the claim stays, and its lease's end resolves it
            log.warn("Could not read the idempotency key's state after the request; its lease will resolve it");
            passOn(captured, failure);
            return;
        }
        if (committed.isPresent() && status >= 500) {
            log.warn("Request {} failed after its command committed; answering the committed outcome instead",
                    RequestContext.current().requestId(), failure);
            answerCommitted(request, response, apiKeyId, key, token, committed.get(), false);
            return;
        }
        if (status >= 500) {
            keys.release(apiKeyId, key, token);
        } else {
            byte[] body = captured.getContentAsByteArray();
            if (status < 300) {
                body = withoutSecret(body, shownOnce(handlerOf(request)));
            }
            keys.complete(apiKeyId, key, token, status, body, captured.getContentType());
        }
        passOn(captured, failure);
    }

    private static void passOn(ContentCachingResponseWrapper captured, Exception failure)
            throws IOException, ServletException {
        captured.copyBodyToResponse();
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof ServletException servlet) {
            throw servlet;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    /**
     * The answer of a command that committed, read from the resource it produced and stored
     * for later replays. While the resource cannot be read at all (reads fail), a 503 with
     * Retry-After that says the request was recorded (not stored: the key stays committed, and a
     * retry with it answers the resource, never a second write). Never a 202 with a placeholder.
     */
    private void answerCommitted(HttpServletRequest request, HttpServletResponse response, String apiKeyId,
                                 String key, String token, String resourceId, boolean replayed) throws IOException {
        HandlerMethod handler = handlerOf(request);
        ShownOnce shownOnce = shownOnce(handler);
        String path = resourcePath(request.getServletPath(), resourceId);
        if (path != null) {
            ContentCachingResponseWrapper view = read(request, response, path);
            if (view != null && view.getStatus() == HttpStatus.OK.value()) {
                int status = successStatus(handler);
                byte[] body = withoutSecret(view.getContentAsByteArray(), shownOnce);
                String contentType = view.getContentType();
                try {
                    keys.complete(apiKeyId, key, token, status, body, contentType);
                } catch (DataAccessException e) {
                    log.warn("Could not store the answer of a committed request; the next retry rebuilds it");
                }
                response.setStatus(status);
                if (replayed) {
                    response.setHeader(REPLAYED, "true");
                }
                if (shownOnce != null) {
                    response.setHeader(SECRET_OMITTED, shownOnce.value());
                }
                response.setContentType(contentType);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
        }
        try {
            keys.endLease(apiKeyId, key, token);
        } catch (DataAccessException e) {
            log.warn("Could not end the lease of a committed request's key; it ends by itself");
        }
        response.resetBuffer();
        if (replayed) {
            response.setHeader(REPLAYED, "true");
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        errors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "The request was recorded" + (resourceId == null || resourceId.isEmpty() ? "" : " (" + resourceId + ")")
                        + " but its result cannot be read now; retry with the same Idempotency-Key shortly");
    }

    /** A GET of the resource, repeated while it is not found: the read model may not have caught up yet. */
    private ContentCachingResponseWrapper read(HttpServletRequest request, HttpServletResponse response, String path) {
        long deadline = System.nanoTime() + readModelWait.toNanos();
        while (true) {
            ContentCachingResponseWrapper view = new ContentCachingResponseWrapper(response);
            view.setStatus(HttpStatus.OK.value()); // the failed attempt left its status on the response
            try {
                dispatcher.getObject().service(ResourceReadRequest.getOf(request, path), view);
            } catch (ServletException | IOException | RuntimeException e) {
                log.warn("Could not read {} to answer a committed request", path, e);
                return null;
            }
            if (view.getStatus() != HttpStatus.NOT_FOUND.value() || System.nanoTime() > deadline) {
                return view;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
        }
    }

    /**
     * Where the resource of a committed POST is read: {@code /v1/plans} created
     * {@code /v1/plans/<resource>}; {@code /v1/plans/<id>/archive} changed {@code /v1/plans/<id>}.
     */
    static String resourcePath(String postPath, String resourceId) {
        String[] segments = postPath.split("/");
        // "", "v1", collection [, id, action...]
        if (segments.length == 3 && resourceId != null && !resourceId.isEmpty()) {
            return "/" + segments[1] + "/" + segments[2] + "/" + resourceId;
        }
        if (segments.length >= 5) {
            return "/" + segments[1] + "/" + segments[2] + "/" + segments[3];
        }
        return null;
    }

    private HandlerMethod handlerOf(HttpServletRequest request) {
        try {
            ResourceReadRequest own = ResourceReadRequest.sameAs(request);
            ServletRequestPathUtils.parseAndCache(own);
            HandlerExecutionChain chain = handlers.getObject().getHandler(own);
            return chain != null && chain.getHandler() instanceof HandlerMethod method ? method : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static ShownOnce shownOnce(HandlerMethod handler) {
        return handler == null ? null : handler.getMethodAnnotation(ShownOnce.class);
    }

    private static int successStatus(HandlerMethod handler) {
        ResponseStatus status = handler == null ? null
                : AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ResponseStatus.class);
        return status == null ? HttpStatus.OK.value() : status.code().value();
    }

    /** The body with {@code data.<field>} set to null; nothing at all if it cannot be read as JSON. */
    private byte[] withoutSecret(byte[] body, ShownOnce shownOnce) {
        if (shownOnce == null) {
            return body;
        }
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.get("data") instanceof ObjectNode data) {
                data.putNull(shownOnce.value());
                return json.writeValueAsBytes(root);
            }
        } catch (IOException notJson) {
            // fall through: never keep what might hold the secret
        }
        return new byte[0];
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
