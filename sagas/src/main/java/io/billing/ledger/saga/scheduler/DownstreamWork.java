package io.billing.ledger.saga.scheduler;

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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether the streaming processors that turn the scheduler's events into further work (the
 * invoicing processor drafts the invoices whose finalization the scheduler then runs) have
 * handled everything in the store. A test clock is ready only then (DESIGN §4): its renewals'
 * invoices exist, however the work is split between processors.
 * <p>
 * A processor whose every segment this node processes is judged by what it reports here. One
 * that runs elsewhere, wholly or in part (another node holds the {@code processes} role, or some
 * of its segments: BILLING_ROLES, docs/scaling.md), is judged by the positions stored in the
 * shared token table: written with each batch, and each second past events it does not handle.
 * A processor that is subscribing on every node has nothing to wait for.
 */
@Component
public class DownstreamWork {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<String> processors;
    private final JdbcTemplate jdbc;
    private final TokenStore tokenStore;
    private final TokenSchema tokenSchema;

    public DownstreamWork(EventProcessingConfiguration processing, EventStore eventStore,
                          SchedulerSettings settings, JdbcTemplate jdbc, ObjectProvider<TokenStore> tokenStore,
                          ObjectProvider<TokenSchema> tokenSchema) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.processors = settings.downstreamProcessors();
        this.jdbc = jdbc;
        this.tokenStore = tokenStore.getIfUnique();
        this.tokenSchema = tokenSchema.getIfUnique(() -> TokenSchema.builder().build());
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
            Map<Integer, EventTrackerStatus> segments = processor == null ? Map.of() : processor.processingStatus();
            boolean wholeHere = processor != null && !segments.isEmpty()
                    && segments.values().stream().mapToLong(s -> 1L << 32 >> Integer.bitCount(s.getSegment().getMask()))
                    .sum() >= 1L << 32;
            if (wholeHere) {
                for (EventTrackerStatus segment : segments.values()) {
                    OptionalLong position = segment.getCurrentPosition();
                    if (segment.isErrorState() || position.orElse(-1) < headPosition) {
                        return false;
                    }
                }
            } else if (isStreamingSomewhere(name) && lowestStored(name) < headPosition) {
                return false;
            }
        }
        return true;
    }

    /** Whether the group is a streaming processor on any node: it has rows in the token table. */
    private boolean isStreamingSomewhere(String name) {
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM " + tokenSchema.tokenTable() + " WHERE "
                + tokenSchema.processorNameColumn() + " = ?", Integer.class, name);
        return rows != null && rows > 0;
    }

    /** The lowest position the group's segments have stored, without claiming anything. */
    private long lowestStored(String name) {
        if (!(tokenStore instanceof JdbcTokenStore jdbcTokenStore)) {
            return Long.MAX_VALUE;
        }
        Serializer serializer = jdbcTokenStore.serializer();
        List<Long> positions = new ArrayList<>();
        jdbc.query("SELECT " + tokenSchema.tokenColumn() + ", " + tokenSchema.tokenTypeColumn() + " FROM "
                + tokenSchema.tokenTable() + " WHERE " + tokenSchema.processorNameColumn() + " = ?", rs -> {
            byte[] data = rs.getBytes(1);
            String type = rs.getString(2);
            TrackingToken token = data == null || type == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
            positions.add(token == null ? -1 : token.position().orElse(-1));
        }, name);
        return positions.stream().mapToLong(Long::longValue).min().orElse(-1);
    }
}
