package io.billing.ledger.server.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The replay benchmark's baseline: a processor configured as the projections are (pooled, the
 * same event source, batch size and token store) whose one handler takes every event and does
 * nothing with it. Replaying it costs what a replay costs before any projection work: reading
 * the stream, deserializing each payload, opening a unit of work per batch and storing the
 * token. Only with {@code billing.replay.baseline-processor=true} ({@link ReplaySettings}).
 */
@Component
@ProcessingGroup(ReplayBaseline.PROCESSING_GROUP)
@ConditionalOnProperty(prefix = "billing.replay", name = "baseline-processor", havingValue = "true")
public class ReplayBaseline {

    public static final String PROCESSING_GROUP = "replay-baseline";

    @EventHandler
    void on(Object event) {
        // nothing, on purpose: see the class comment
    }
}
