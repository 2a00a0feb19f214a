package io.billing.ledger.query.history;

import io.billing.ledger.api.common.ResourceTime;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A resource as its recorded events make it, folded by the evolver its projection's view
 * follows: the answer to a write whose read model has not caught up within the wait, so a POST
 * always answers the resource the command produced (docs/api.md), never a placeholder. Read
 * from sequence 0, so a snapshot (if one is ever taken) is never mistaken for the start.
 */
@Component
public class RecordedViews {

    /** One step of a view's history: the view before (null at first), the event, when, its sequence number. */
    @FunctionalInterface
    public interface Evolver<V> {
        V apply(V current, Object event, Instant recordedAt, long version);
    }

    private final EventStore eventStore;

    public RecordedViews(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public <V> Optional<V> fold(String aggregateId, Evolver<V> evolver) {
        return foldUntil(aggregateId, null, evolver);
    }

    /**
     * The events that happened until {@code asOf} (all when null), in the resource's time: a
     * resource on a test clock is dated by that clock ({@link ResourceTime}), so an {@code asOf}
     * in clock time before a change shows the state before it. Times compare at the wire's
     * precision, milliseconds: an {@code asOf} copied from an answer includes the change it shows.
     */
    public <V> Optional<V> foldUntil(String aggregateId, Instant asOf, Evolver<V> evolver) {
        V view = null;
        try (Stream<? extends DomainEventMessage<?>> events = eventStore.readEvents(aggregateId, 0).asStream()) {
            Iterator<? extends DomainEventMessage<?>> recorded = events.iterator();
            while (recorded.hasNext()) {
                DomainEventMessage<?> event = recorded.next();
                // the resource's time: its test clock's when it lives on one, which only moves forward
                Instant at = ResourceTime.of(event.getMetaData().get(ResourceTime.KEY), event.getTimestamp());
                if (asOf != null && at.truncatedTo(ChronoUnit.MILLIS).isAfter(asOf)) {
                    break; // an aggregate's events are recorded in order
                }
                view = evolver.apply(view, event.getPayload(), at, event.getSequenceNumber());
            }
        }
        return Optional.ofNullable(view);
    }
}
