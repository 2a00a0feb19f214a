package io.billing.ledger.query.history;

import io.billing.ledger.api.common.HistoryEntry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The audit trail of one resource, read from the event store itself rather than from a
 * projection: what it shows is exactly what was recorded, in the order it was recorded.
 */
@Component
public class AuditTrail {

    private final EventStore eventStore;

    public AuditTrail(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public List<HistoryEntry> of(String aggregateId) {
        // from sequence 0: readEvents(id) would start at a snapshot, were one ever taken
        return eventStore.readEvents(aggregateId, 0).asStream()
                .map(AuditTrail::entry)
                .toList();
    }

    private static HistoryEntry entry(DomainEventMessage<?> message) {
        Object actor = message.getMetaData().get("actor");
        Object requestId = message.getMetaData().get("requestId");
        return new HistoryEntry(message.getIdentifier(), message.getSequenceNumber(),
                message.getPayloadType().getSimpleName(), message.getTimestamp(),
                actor == null ? null : actor.toString(), requestId == null ? null : requestId.toString(),
                message.getPayload());
    }
}
