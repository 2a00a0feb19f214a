package io.billing.ledger.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One delivery of one event to one endpoint (the seed's WebhookEvent): {@code payload} is the
 * body as sent (same content; the exact bytes were signed) (null until its first attempt renders it), with every attempt.
 */
public record WebhookEventView(String id,
                               String type,
                               Map<String, Object> payload,
                               String webhookSubscriptionId,
                               String status,
                               int attemptCount,
                               Instant lastAttemptAt,
                               Instant nextAttemptAt,
                               Integer lastResponseStatus,
                               Instant createdAt,
                               Instant updatedAt,
                               List<Attempt> attempts) {

    /** One HTTP attempt: {@code statusCode} null when no answer came ({@code error} says why). */
    public record Attempt(Instant attemptedAt,
                          Integer statusCode,
                          long durationMs,
                          String responseBody,
                          String error) {
    }
}
