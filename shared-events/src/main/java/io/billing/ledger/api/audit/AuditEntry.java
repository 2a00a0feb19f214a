package io.billing.ledger.api.audit;

import java.time.Instant;

/**
 * One entry of {@code GET /v1/audit}, the seed's AuditLog shape (docs/audit.md): a recorded event
 * ({@code id}), who acted, the action's dotted name, the resource it changed, and that resource as
 * the REST API showed it just before ({@code null} for a creation) and just after ({@code null}
 * once deleted). {@code createdAt} is when the event was recorded.
 */
public record AuditEntry(String id,
                         String actor,
                         String action,
                         String resourceType,
                         String resourceId,
                         Object before,
                         Object after,
                         Metadata metadata,
                         Instant createdAt) {

    /**
     * The request the event came from, Axon's correlation id, the event's global position in the
     * store, and, for a resource on a test clock, that clock's time when it happened.
     */
    public record Metadata(String requestId, String correlationId, long position, Instant clockTime) {
    }
}
