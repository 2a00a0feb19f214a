package io.billing.ledger.projection.support;

import io.billing.ledger.api.common.AwaitReadModels;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers {@link AwaitReadModels}: every streaming processor waited up to the store's head as it is now. */
@Component
class ReadModelsCaughtUp {

    private final EventProcessingConfiguration processing;
    private final ProcessorCatchUp catchUp;

    ReadModelsCaughtUp(EventProcessingConfiguration processing, ProcessorCatchUp catchUp) {
        this.processing = processing;
        this.catchUp = catchUp;
    }

    @QueryHandler
    Boolean handle(AwaitReadModels query) {
        long head = catchUp.headPosition();
        boolean all = true;
        for (String name : processing.eventProcessors().keySet()) {
            if (processing.eventProcessor(name, StreamingEventProcessor.class).isPresent()) {
                all &= catchUp.awaitPosition(name, head);
            }
        }
        return all;
    }
}
