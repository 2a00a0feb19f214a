package io.billing.ledger.projection.support;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Read-your-writes for read tables that are not keyed by an aggregate version (usage
 * summaries): waits, for a bounded time, until a streaming processor has handled every event
 * the store held when the wait began. As {@code ProjectionReplays} does, the processor's
 * position is the lowest its segments have reached, compared with the store's head.
 * <p>
 * A segment's position is what this node's processor reports (advanced after each batch
 * commits) or, for a segment another node owns, the token stored in the shared token table
 * (stored in the batch's transaction), whichever is further. The stored token of a segment
 * that has seen only events it does not handle is written lazily (at the next claim
 * extension), so on a node that owns no segment such a wait may run to its bound; the
 * answer is then what the table holds, which is still complete for the events that matter.
 */
@Component
public class ProcessorCatchUp {

    private static final long WHOLE = 1L << 32;
    private static final Logger log = LoggerFactory.getLogger(ProcessorCatchUp.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TokenStore tokenStore;
    private final TokenSchema tokenSchema;
    private final Duration timeout;

    public ProcessorCatchUp(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc,
                            ObjectProvider<TokenStore> tokenStore, ObjectProvider<TokenSchema> tokenSchema,
                            ReadModelSettings settings) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.tokenStore = tokenStore.getIfUnique();
        this.tokenSchema = tokenSchema.getIfUnique(() -> TokenSchema.builder().build());
        this.timeout = settings.waitTimeout();
    }

    /** The position of the last event in the store, -1 when it is empty. */
    public long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * Waits until the processor has handled every event stored now (polling 2 ms doubling to
     * 50 ms, at most {@code billing.read-model.wait-timeout}); false when the time ran out.
     */
    public boolean awaitHead(String processorName) {
        return awaitPosition(processorName, headPosition());
    }

    /** Waits until the processor's position reaches {@code position}; false when the time ran out. */
    public boolean awaitPosition(String processorName, long position) {
        return awaitPosition(processorName, position, timeout);
    }

    /** As {@link #awaitPosition(String, long)}, for at most {@code within} (a replay takes longer than a read). */
    public boolean awaitPosition(String processorName, long position, Duration within) {
        if (position < 0) {
            return true;
        }
        long deadline = System.nanoTime() + within.toNanos();
        long pause = 2;
        while (true) {
            if (position(processorName) >= position) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /** The lowest position the processor's segments have reached, -1 before any event (or when unknown). */
    public long position(String processorName) {
        Map<Integer, Long> local = new HashMap<>();
        long covered = 0; // in units of 1/2^32 of the segment space: segment sizes are powers of two
        StreamingEventProcessor processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class).orElse(null);
        if (processor != null) {
            for (EventTrackerStatus status : processor.processingStatus().values()) {
                local.put(status.getSegment().getSegmentId(), status.getCurrentPosition().orElse(-1));
                covered += WHOLE / (status.getSegment().getMask() + 1L);
            }
        }
        if (covered >= WHOLE) {
            return lowest(local);
        }
        Map<Integer, Long> positions = stored(processorName);
        local.forEach((segment, position) -> positions.merge(segment, position, Math::max));
        return lowest(positions);
    }

    private static long lowest(Map<Integer, Long> positions) {
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    /** Each segment's position as stored in the shared token table, without claiming anything. */
    private Map<Integer, Long> stored(String processorName) {
        Map<Integer, Long> positions = new HashMap<>();
        if (!(tokenStore instanceof JdbcTokenStore jdbcTokenStore)) {
            return positions;
        }
        Serializer serializer = jdbcTokenStore.serializer();
        try {
            jdbc.query("SELECT " + tokenSchema.segmentColumn() + ", " + tokenSchema.tokenColumn() + ", "
                            + tokenSchema.tokenTypeColumn() + " FROM " + tokenSchema.tokenTable()
                            + " WHERE " + tokenSchema.processorNameColumn() + " = ?",
                    rs -> {
                        byte[] data = rs.getBytes(2);
                        String type = rs.getString(3);
                        long position = -1;
                        if (data != null && type != null) {
                            TrackingToken token = serializer.deserialize(
                                    new SimpleSerializedObject<>(data, byte[].class, type, null));
                            position = token == null ? -1 : token.position().orElse(-1);
                        }
                        positions.put(rs.getInt(1), position);
                    }, processorName);
        } catch (RuntimeException e) {
            log.debug("Could not read the stored tokens of {}", processorName, e);
            positions.clear();
        }
        return positions;
    }
}
