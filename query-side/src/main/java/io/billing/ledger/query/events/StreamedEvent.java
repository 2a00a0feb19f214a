package io.billing.ledger.query.events;

import java.time.Instant;

/**
 * One event of {@code GET /v1/events}: its global {@code position}, the event's {@code id}, its
 * {@code type} (the simple class name), the resource it is about, who caused it, when it was
 * recorded ({@code createdAt}, real time), the resource's test-clock time when it lives on one
 * ({@code clockTime}, else null), and its payload in the API's wire shapes without secrets.
 */
public record StreamedEvent(long position,
                            String id,
                            String type,
                            String resourceType,
                            String resourceId,
                            String actor,
                            Instant createdAt,
                            Instant clockTime,
                            Object payload) {
}
