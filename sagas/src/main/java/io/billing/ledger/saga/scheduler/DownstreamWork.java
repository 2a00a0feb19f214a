package io.billing.ledger.saga.scheduler;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether the streaming processors that turn the scheduler's events into further work (the
 * invoicing processor drafts the invoices whose finalization the scheduler then runs) have
 * handled everything in the store. A test clock is ready only then (DESIGN §4): its renewals'
 * invoices exist, however the work is split between processors.
 * <p>
 * A processor that is not streaming here (switched off, or subscribing) has nothing to wait
 * for. One with no segment claimed on this node is not settled from here: the node that owns
 * its segments completes the advance.
 */
@Component
public class DownstreamWork {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<String> processors;

    public DownstreamWork(EventProcessingConfiguration processing, EventStore eventStore,
                          SchedulerSettings settings) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.processors = settings.downstreamProcessors();
    }

    /** True when each processor has reached the store's head, and none is failing. */
    public boolean settled() {
        return reached(headPosition());
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private boolean reached(long headPosition) {
        for (String name : processors) {
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElse(null);
            if (processor == null) {
                continue;
            }
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            if (segments.isEmpty()) {
                return false;
            }
            for (EventTrackerStatus segment : segments.values()) {
                OptionalLong position = segment.getCurrentPosition();
                if (segment.isErrorState() || position.orElse(-1) < headPosition) {
                    return false;
                }
            }
        }
        return true;
    }
}
