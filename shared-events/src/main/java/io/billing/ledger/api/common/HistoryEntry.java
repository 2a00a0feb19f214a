package io.billing.ledger.api.common;

import java.time.Instant;

/** One event in the audit trail of a resource, as read from the event store. */
public record HistoryEntry(String eventId,
                           long sequenceNumber,
                           String type,
                           Instant occurredAt,
                           String actor,
                           String requestId,
                           Object payload) {
}
