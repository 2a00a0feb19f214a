package io.billing.ledger.saga.webhook;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP attempt with the JDK client: POST, no redirects followed (a redirect could lead to an
 * internal address), the whole exchange bounded by {@code WEBHOOK_DELIVERY_TIMEOUT_MS}, at most
 * the first 1 KB of the answer kept.
 */
@Component
public class WebhookSender {

    static final int KEPT_BODY_BYTES = 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(WebhookSettings settings, Clock clock) {
        this.timeout = settings.timeout();
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    Outcome send(String url, Map<String, String> headers, byte[] body) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("User-Agent", "billing-ledger-webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<Answer> exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(WebhookSender::firstKilobyte);
        try {
            Answer answer = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(startedAt, answer.status(), elapsed(start), answer.body(), answer.retryAfter(), null);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Outcome(startedAt, null, elapsed(start), null, null, "timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause instanceof HttpTimeoutException ? "timed out after " + timeout.toMillis() + " ms"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Outcome(startedAt, null, elapsed(start), null, null, truncate(reason, 500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            return new Outcome(startedAt, null, elapsed(start), null, null, "interrupted (server stopping)");
        }
    }

    private static Answer firstKilobyte(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] kept = in.readNBytes(KEPT_BODY_BYTES);
            String text = new String(kept, StandardCharsets.UTF_8).replace("\u0000", "");
            return new Answer(response.statusCode(), text,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Answer(response.statusCode(), null, response.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** A Retry-After header as a wait: delta seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private record Answer(int status, String body, String retryAfter) {
    }

    /** What one attempt gave: a status and the start of the body, or no answer and why. */
    record Outcome(Instant startedAt, Integer status, long durationMs, String body, String retryAfter, String error) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }
}
