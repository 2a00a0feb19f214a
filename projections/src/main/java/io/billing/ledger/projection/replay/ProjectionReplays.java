package io.billing.ledger.projection.replay;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds read tables from the event store: stop the processor, reset its tokens (its
 * {@code @ResetHandler} clears its tables), start it again. Completion is judged by the
 * processor's position against the store's head, not by {@code isReplaying()}, which
 * stays true until the next live event arrives.
 */
@Component
public class ProjectionReplays {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    public ProjectionReplays(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    /** Every streaming processor with the lowest position its segments have reached (-1 before any event). */
    public Map<String, Long> positions() {
        Map<String, Long> positions = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                positions.put(name, lowestPosition(streaming));
            }
        });
        return positions;
    }

    public boolean exists(String processorName) {
        return streaming(processorName) != null;
    }

    public void replay(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        if (processor == null) {
            throw new IllegalArgumentException("no streaming processor named " + processorName);
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /** Waits until the processor has handled every event stored when this was called; false on timeout. */
    public boolean awaitCaughtUp(String processorName, Duration timeout) throws InterruptedException {
        StreamingEventProcessor processor = streaming(processorName);
        long head = headPosition();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (!status.isEmpty() && lowestPosition(processor) >= head) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
    }

    private static long lowestPosition(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return -1;
        }
        return status.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(-1))
                .min().orElse(-1);
    }

}
