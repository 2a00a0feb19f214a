package io.billing.ledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.ErrorEnvelope;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The CLI's only door to the server: builds requests, adds the API key and idempotency keys,
 * and turns every non-2xx answer into an {@link ApiException} so commands only handle success.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_RAW_BODY_IN_MESSAGE = 200;
    static final String USER_AGENT = "billing-cli/0.1.0";

    private final URI baseUrl;
    private final String apiKey;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public ApiClient(URI baseUrl, String apiKey, ObjectMapper mapper) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A decoded answer. {@code body} is the whole JSON document, envelope included. */
    public record Response(int status, JsonNode body) {

        public JsonNode data() {
            return body.path("data");
        }

        public JsonNode meta() {
            return body.path("meta");
        }
    }

    public Response get(String path, Map<String, ?> query) {
        return send(request(path + queryString(query)).GET(), false);
    }

    public Response get(String path) {
        return get(path, Map.of());
    }

    /** Health is the one unauthenticated endpoint whose error status (503) still carries a useful body. */
    public Response health() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve("/health"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        HttpResponse<String> response = exchange(builder.build());
        return new Response(response.statusCode(), parseOrNull(response.body()));
    }

    public Response post(String path, Object body) {
        // A fresh key per invocation: the server dedupes a retried request, never two separate commands.
        HttpRequest.Builder builder = request(path)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(bodyOf(body));
        return send(builder, true);
    }

    /**
     * A POST whose meaning is "no body at all" rather than an empty object ({@code POST /v1/invoices/{id}/pay}
     * charges when there is none), so it carries neither a body nor a Content-Type.
     */
    public Response postWithoutBody(String path) {
        HttpRequest.Builder builder = request(path)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.noBody());
        return send(builder, false);
    }

    public Response patch(String path, Object body) {
        return send(request(path).method("PATCH", bodyOf(body)), true);
    }

    /**
     * DELETE carries no Idempotency-Key: deleting twice leaves the same state as deleting once (the
     * second answer may be a 404, which the caller sees like any other error).
     */
    public Response delete(String path) {
        return send(request(path).DELETE(), false);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                // the server records the CLI's writes as actor cli:<key id>
                .header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(
                    body == null ? "{}" : mapper.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
    }

    private Response send(HttpRequest.Builder builder, boolean hasBody) {
        if (hasBody) {
            builder.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = exchange(builder.build());
        JsonNode body = parseOrNull(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Response(status, body == null ? mapper.createObjectNode() : body);
        }
        throw new ApiException(status, errorOf(status, body, response));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServerUnreachableException(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(baseUrl, e);
        }
    }

    private ErrorEnvelope.Error errorOf(int status, JsonNode body, HttpResponse<String> response) {
        String headerRequestId = response.headers().firstValue("X-Request-Id").orElse(null);
        if (body != null && body.path("error").isObject()) {
            try {
                ErrorEnvelope.Error error = mapper.treeToValue(body.get("error"), ErrorEnvelope.Error.class);
                if (error.requestId() == null && headerRequestId != null) {
                    return new ErrorEnvelope.Error(error.code(), error.message(), error.details(), headerRequestId,
                            error.currentStatus(), error.allowedTransitions());
                }
                return error;
            } catch (JsonProcessingException | IllegalArgumentException ignored) {
                // Fall through: a malformed envelope is reported like any other unexpected body.
            }
        }
        // A proxy or load balancer in front of the server may answer with HTML or nothing at all.
        String raw = response.body() == null ? "" : response.body().strip();
        if (raw.length() > MAX_RAW_BODY_IN_MESSAGE) {
            raw = raw.substring(0, MAX_RAW_BODY_IN_MESSAGE) + "…";
        }
        return new ErrorEnvelope.Error("HTTP_" + status, raw.isEmpty() ? "no error body" : raw, List.of(),
                headerRequestId, null, null);
    }

    private JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private URI resolve(String pathAndQuery) {
        String base = baseUrl.toString();
        // Keep any path prefix of --url (e.g. https://host/billing) instead of URI.resolve's replace-on-slash.
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + pathAndQuery);
    }

    private static String queryString(Map<String, ?> query) {
        StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                joiner.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        return joiner.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Path segments come from the user (ids); encode them so a stray slash cannot reach another endpoint. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
