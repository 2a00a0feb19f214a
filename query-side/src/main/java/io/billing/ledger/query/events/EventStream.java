package io.billing.ledger.query.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.query.history.EventPayloadJson;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The event store in global order, page by page, for subscribers and pipelines (docs/audit.md,
 * "Event stream"). A page never passes a gap that may still fill ({@link SettledGaps}, the audit
 * chain's rule): it ends before it, and a later request continues from there once the gap is
 * settled or filled, so no committed event is ever skipped.
 */
@Component
public class EventStream {

    /** Positions looked at per request when filtering by type, so a rare type does not scan the whole store. */
    static final int FILTER_SCAN = 10_000;
    /** Payload fields that hold a credential or its hash (API key hash, sealed webhook secrets): never served. */
    static final Set<String> SECRET_FIELDS = Set.of("keyHash", "sealedSecret", "previousSealedSecret");

    private final JdbcTemplate jdbc;
    private final SettledGaps gaps;
    private final Serializer serializer;
    private final EventPayloadJson payloads;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public EventStream(JdbcTemplate jdbc, SettledGaps gaps, @Qualifier("eventSerializer") Serializer serializer,
                       EventPayloadJson payloads, Clock clock) {
        this.jdbc = jdbc;
        this.gaps = gaps;
        this.serializer = serializer;
        this.payloads = payloads;
        this.clock = clock;
    }

    /**
     * @param types event type names ({@link EventTypes}); empty for all
     */
    public EventPage after(long after, int limit, Collection<Class<?>> types) {
        TransactionHorizon horizon = TransactionHorizon.read(jdbc, clock);
        long[] visible = jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE global_index > ? "
                        + "ORDER BY global_index LIMIT ?", Long.class, after, types.isEmpty() ? limit : FILTER_SCAN)
                .stream().mapToLong(Long::longValue).toArray();
        long through = gaps.finalThrough(after, visible, horizon, clock.instant());
        if (through == after) {
            return new EventPage(List.of(), after);
        }
        List<Object> arguments = new ArrayList<>(List.of(after, through));
        StringBuilder sql = new StringBuilder("SELECT global_index, event_identifier, aggregate_identifier, type, "
                + "payload_type, payload_revision, time_stamp, payload, meta_data FROM domain_event_entry "
                + "WHERE global_index > ? AND global_index <= ?");
        if (!types.isEmpty()) {
            sql.append(" AND payload_type IN (").append(String.join(", ", types.stream().map(t -> "?").toList()))
                    .append(')');
            types.forEach(type -> arguments.add(type.getName()));
        }
        sql.append(" ORDER BY global_index LIMIT ?");
        arguments.add(limit);
        List<StreamedEvent> events = jdbc.query(sql.toString(), (rs, row) -> event(rs), arguments.toArray());
        // a full page may stop short of `through`; otherwise everything up to it was served or filtered out
        long nextAfter = events.size() == limit ? events.get(events.size() - 1).position() : through;
        return new EventPage(events, nextAfter);
    }

    private StreamedEvent event(ResultSet rs) throws SQLException {
        String payloadType = rs.getString("payload_type");
        JsonNode payload = payload(rs.getBytes("payload"), payloadType, rs.getString("payload_revision"));
        JsonNode metadata = tree(rs.getBytes("meta_data"));
        String aggregateType = rs.getString("type");
        // an event appended without an aggregate (UsageRecorded) is about the record it carries
        String resourceId = aggregateType == null && payload.hasNonNull("recordId")
                ? payload.get("recordId").asText() : rs.getString("aggregate_identifier");
        Instant createdAt = Instant.parse(rs.getString("time_stamp"));
        JsonNode clockTime = metadata.get(ResourceTime.KEY);
        return new StreamedEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                EventTypes.simpleName(payloadType),
                EventTypes.resourceType(payloadType).orElse(aggregateType),
                resourceId, text(metadata.get("actor")), createdAt,
                clockTime == null || clockTime.isNull() ? null : Instant.parse(clockTime.asText()), payload);
    }

    private JsonNode payload(byte[] bytes, String payloadType, String revision) {
        JsonNode rendered;
        try {
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class,
                    new SimpleSerializedType(payloadType, revision)));
            rendered = payloads.render(payload);
        } catch (RuntimeException unknownType) {
            // a payload type this version no longer has: the stored JSON as it is, still without secrets
            rendered = tree(bytes);
        }
        if (rendered instanceof ObjectNode object) {
            object.remove(SECRET_FIELDS);
        }
        return rendered;
    }

    private JsonNode tree(byte[] bytes) {
        if (bytes == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
