package io.billing.ledger.command.web;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The version (last event sequence number) of an aggregate after a command: a controller
 * asks the read side to wait for it, so that the answer, and any read after it, is never
 * older than the write it confirms.
 */
@Component
public class AggregateVersions {

    private final EventStore eventStore;

    public AggregateVersions(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public long of(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).orElse(-1L);
    }
}
