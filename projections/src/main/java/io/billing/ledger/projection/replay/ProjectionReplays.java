package io.billing.ledger.projection.replay;

import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
    private final ProcessorCatchUp catchUp;

    public ProjectionReplays(EventProcessingConfiguration processing, ProcessorCatchUp catchUp) {
        this.processing = processing;
        this.catchUp = catchUp;
    }

    /** Every streaming processor with the lowest position its segments have reached (-1 before any event). */
    public Map<String, Long> positions() {
        Map<String, Long> positions = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                positions.put(name, catchUp.position(name));
            }
        });
        return positions;
    }

    public boolean exists(String processorName) {
        return streaming(processorName) != null;
    }

    /** False for a processor whose handlers all refuse a replay ({@code @DisallowReplay}): its work is not a read table. */
    public boolean supportsReplay(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        return processor != null && processor.supportsReset();
    }

    public void replay(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        if (processor == null) {
            throw new IllegalArgumentException("no streaming processor named " + processorName);
        }
        // checked before stopping it: resetTokens() refuses only once the processor has been shut down
        if (!processor.supportsReset()) {
            throw new IllegalStateException(processorName + " does not support a replay");
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /** Waits until the processor has handled every event stored when this was called; false on timeout. */
    public boolean awaitCaughtUp(String processorName, Duration timeout) {
        return catchUp.awaitPosition(processorName, catchUp.headPosition(), timeout);
    }

    public long headPosition() {
        return catchUp.headPosition();
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
    }
}
