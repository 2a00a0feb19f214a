package io.billing.ledger.api.common;

import java.time.Instant;

/**
 * One event in the audit trail of a resource, as read from the event store. {@code occurredAt}
 * is in the resource's time (its test clock's, when it lives on one: docs/api.md);
 * {@code recordedAt} is when the event store recorded it, in real time, for every resource.
 */
public record HistoryEntry(String eventId,
                           long sequenceNumber,
                           String type,
                           Instant occurredAt,
                           Instant recordedAt,
                           String actor,
                           String requestId,
                           Object payload) {
}
