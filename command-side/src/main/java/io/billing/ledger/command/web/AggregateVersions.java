package io.billing.ledger.command.web;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Duration;

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

    /**
     * The version of an aggregate that a processor creates after the command (an invoice the
     * invoicing processor drafts), once it exists; -1 when it did not appear within {@code timeout}.
     */
    public long awaitCreated(String aggregateId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            long version = of(aggregateId);
            if (version >= 0 || System.nanoTime() > deadline) {
                return version;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
