package io.billing.ledger.query.history;

import io.billing.ledger.api.common.HistoryEntry;
import io.billing.ledger.api.common.ResourceTime;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The audit trail of one resource, read from the event store itself rather than from a
 * projection: what it shows is exactly what was recorded, in the order it was recorded, its
 * payloads in the API's wire shapes ({@link EventPayloadJson}).
 */
@Component
public class AuditTrail {

    private final EventStore eventStore;
    private final EventPayloadJson payloads;

    public AuditTrail(EventStore eventStore, EventPayloadJson payloads) {
        this.eventStore = eventStore;
        this.payloads = payloads;
    }

    public List<HistoryEntry> of(String aggregateId) {
        // from sequence 0: readEvents(id) would start at a snapshot, were one ever taken
        return eventStore.readEvents(aggregateId, 0).asStream()
                .map(this::entry)
                .toList();
    }

    private HistoryEntry entry(DomainEventMessage<?> message) {
        Object actor = message.getMetaData().get("actor");
        Object requestId = message.getMetaData().get("requestId");
        return new HistoryEntry(message.getIdentifier(), message.getSequenceNumber(),
                message.getPayloadType().getSimpleName(),
                ResourceTime.of(message.getMetaData().get(ResourceTime.KEY), message.getTimestamp()), message.getTimestamp(),
                actor == null ? null : actor.toString(), requestId == null ? null : requestId.toString(),
                payloads.render(message.getPayload()));
    }
}
