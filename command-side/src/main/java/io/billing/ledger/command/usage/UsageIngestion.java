package io.billing.ledger.command.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ResourceTime;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.usage.UsageRecordView;
import io.billing.ledger.api.usage.UsageRecorded;
import io.billing.ledger.api.usage.UsageWindow;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts usage records fast: one transaction per request, whatever its size, with no
 * aggregate loaded. Records are judged against {@code usage_subscriptions}; the accepted
 * ones go into {@code usage_records} in one statement (its primary key on the idempotency
 * key decides duplicates, also against concurrent requests) and into the event store as
 * {@link UsageRecorded} events, in the same transaction. A database failure rolls the whole
 * request back: a batch is all-or-nothing.
 * <p>
 * The events are appended through the storage engine, not published on the event bus: no
 * in-transaction handler reacts to a usage record, and offering each of a thousand records
 * to every one of them cost a fifth of the request (docs/benchmarks.md). Streaming
 * processors read them from the store like any other event.
 */
@Component
public class UsageIngestion {

    /** How far ahead of the subscription's clock a record may be dated (clock skew between systems). */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final EventStorageEngine storage;
    private final EventStore eventStore;
    private final TransactionTemplate transactions;
    private final SubscriptionClocks clocks;
    private final Clock clock;
    private final ObjectMapper json;

    public UsageIngestion(JdbcTemplate jdbc, EventStorageEngine storage, EventStore eventStore,
                          TransactionTemplate transactions, SubscriptionClocks clocks, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.clocks = clocks;
        this.clock = clock;
        this.json = json;
    }

    /** Ingests records that passed shape validation; the outcomes are in the order of the records. */
    public List<UsageOutcome> ingest(List<UsageInput> records, Map<String, Object> metadata) {
        Map<String, Object> correlated = correlated(metadata);
        List<UsageOutcome> outcomes = transactions.execute(status -> ingestInTransaction(records, correlated));
        // the store's reader polls for new events every second; after our commit, tell it at once
        eventStore.publish(List.of());
        return outcomes;
    }

    /**
     * Axon's correlation ids, as a command would have given its events: the request is the root
     * message, so the records of one request share one correlation and trace id (an audit query
     * by correlation id finds the batch).
     */
    private static Map<String, Object> correlated(Map<String, Object> metadata) {
        Map<String, Object> correlated = new HashMap<>(metadata);
        String root = UUID.randomUUID().toString();
        correlated.putIfAbsent(MessageOriginProvider.getDefaultCorrelationKey(), root);
        correlated.putIfAbsent(MessageOriginProvider.getDefaultTraceKey(), root);
        return correlated;
    }

    private List<UsageOutcome> ingestInTransaction(List<UsageInput> records, Map<String, Object> metadata) {
        Map<String, SubscriptionTerms> subscriptions = subscriptionsOf(records);
        // PostgreSQL keeps microseconds: a replayed record must equal the one first answered
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UsageOutcome[] outcomes = new UsageOutcome[records.size()];
        Map<String, Integer> firstIndexOfKey = new HashMap<>();
        Map<String, UsageRecordView> candidates = new LinkedHashMap<>();
        Map<String, Instant> clockTimes = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            UsageInput input = records.get(i);
            if (firstIndexOfKey.containsKey(input.idempotencyKey())) {
                continue; // the same key twice in one request: the later ones repeat the first
            }
            firstIndexOfKey.put(input.idempotencyKey(), i);
            SubscriptionTerms terms = subscriptions.get(input.subscriptionId());
            Object decision = decide(input, terms, clockTimes);
            if (decision instanceof UsageError error) {
                outcomes[i] = UsageOutcome.invalid(error);
            } else {
                BillingPeriod period = (BillingPeriod) decision;
                candidates.put(input.idempotencyKey(), new UsageRecordView(Ids.next(Ids.EVENT), input.subscriptionId(),
                        input.idempotencyKey(), input.quantity(), input.timestamp().truncatedTo(ChronoUnit.MICROS),
                        input.properties() == null ? Map.of() : input.properties(), period.start(), period.end(),
                        // one clock per resource: a record on a test clock is created at that clock's time
                        terms.testClockId() == null ? recordedAt : clockTimes.get(terms.testClockId())));
            }
        }
        Set<String> inserted = insert(candidates.values());
        Map<String, UsageRecordView> originals = originals(candidates.keySet(), inserted);
        List<EventMessage<?>> events = new ArrayList<>(inserted.size());
        for (UsageRecordView record : candidates.values()) {
            if (inserted.contains(record.idempotencyKey())) {
                events.add(GenericEventMessage.asEventMessage(new UsageRecorded(record.id(), record.subscriptionId(),
                        record.idempotencyKey(), record.quantity(), record.timestamp(), record.properties(),
                        BillingPeriod.of(record.periodStart(), record.periodEnd()))).andMetaData(metadata)
                        // a record on a test clock carries its clock time (differs from recordedAt only there)
                        .andMetaData(record.createdAt().equals(recordedAt) ? Map.of()
                                : Map.of(ResourceTime.KEY, ResourceTime.stamp(record.createdAt()))));
            }
        }
        if (!events.isEmpty()) {
            storage.appendEvents(events);
        }
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).idempotencyKey();
            int first = firstIndexOfKey.get(key);
            if (i != first) {
                UsageOutcome original = outcomes[first];
                outcomes[i] = original.status() == UsageOutcome.Status.INVALID ? original
                        : UsageOutcome.duplicate(original.record());
            } else if (outcomes[i] == null) {
                outcomes[i] = inserted.contains(key) ? UsageOutcome.created(candidates.get(key))
                        : UsageOutcome.duplicate(originals.get(key));
            }
        }
        return List.of(outcomes);
    }

    /** A period the record counts towards, or the reason it is refused. */
    private Object decide(UsageInput input, SubscriptionTerms terms, Map<String, Instant> clockTimes) {
        if (terms == null) {
            return UsageError.notFound("Subscription " + input.subscriptionId() + " does not exist");
        }
        if (terms.status() != SubscriptionStatus.TRIALING && terms.status() != SubscriptionStatus.ACTIVE
                && terms.status() != SubscriptionStatus.PAST_DUE) {
            return UsageError.conflict("subscriptionId", "Subscription " + terms.subscriptionId() + " is "
                    + terms.status().wire() + "; usage is accepted only while trialing, active or past due",
                    terms.status().wire());
        }
        if (terms.pricingModel() != PricingModel.PER_UNIT) {
            return UsageError.conflict("subscriptionId", "Subscription " + terms.subscriptionId()
                    + " is on a " + terms.pricingModel().wire() + " plan; usage is recorded only for per_unit plans",
                    null);
        }
        Instant now = clockTimes.computeIfAbsent(String.valueOf(terms.testClockId()),
                id -> clocks.now(terms.testClockId()));
        Instant timestamp = input.timestamp();
        if (timestamp.isAfter(now.plus(FUTURE_TOLERANCE))) {
            return UsageError.invalid("timestamp", "must not be more than 5 minutes in the future (the subscription's "
                    + "time is " + now + ")");
        }
        if (!timestamp.isBefore(terms.period().end())) {
            return UsageError.conflict("timestamp", "The period after " + terms.period()
                    + " has not started yet; retry in a moment", null);
        }
        Optional<BillingPeriod> period = UsageWindow.periodOf(timestamp, terms.period(), terms.previousStart());
        if (period.isPresent()) {
            return terms.closed().contains(period.get().start()) ? closed(period.get(), terms) : period.get();
        }
        return UsageError.conflict("timestamp", "The billing period containing " + timestamp
                + " is closed: usage is accepted for the current period " + terms.period()
                + (terms.previousStart() == null ? "" : " and, until it is invoiced, the previous one"),
                null);
    }

    private static UsageError closed(BillingPeriod period, SubscriptionTerms terms) {
        return UsageError.conflict("timestamp", "The billing period " + period + " is closed: its invoice was "
                + "finalized", null);
    }

    private Map<String, SubscriptionTerms> subscriptionsOf(List<UsageInput> records) {
        String[] ids = records.stream().map(UsageInput::subscriptionId).distinct().sorted().toArray(String[]::new);
        // FOR SHARE first: a finalization holds the row FOR UPDATE while it counts and closes a
        // period, so the closures read after this lock are never stale
        List<SubscriptionTerms> rows = jdbc.query("""
                        SELECT subscription_id, status, pricing_model, test_clock_id, period_start, period_end,
                               previous_period_start
                        FROM usage_subscriptions WHERE subscription_id = ANY (?)
                        ORDER BY subscription_id FOR SHARE""",
                (rs, row) -> {
                    Timestamp previous = rs.getTimestamp("previous_period_start");
                    return new SubscriptionTerms(rs.getString("subscription_id"),
                            SubscriptionStatus.fromWire(rs.getString("status")),
                            PricingModel.fromWire(rs.getString("pricing_model")), rs.getString("test_clock_id"),
                            BillingPeriod.of(rs.getTimestamp("period_start").toInstant(),
                                    rs.getTimestamp("period_end").toInstant()),
                            previous == null ? null : previous.toInstant(), Set.of());
                }, (Object) ids);
        Map<String, Set<Instant>> closures = new HashMap<>();
        jdbc.query("SELECT subscription_id, period_start FROM usage_period_closures WHERE subscription_id = ANY (?)",
                rs -> {
                    closures.computeIfAbsent(rs.getString(1), id -> new HashSet<>())
                            .add(rs.getTimestamp(2).toInstant());
                }, (Object) ids);
        Map<String, SubscriptionTerms> terms = new HashMap<>();
        for (SubscriptionTerms row : rows) {
            terms.put(row.subscriptionId(), new SubscriptionTerms(row.subscriptionId(), row.status(),
                    row.pricingModel(), row.testClockId(), row.period(), row.previousStart(),
                    closures.getOrDefault(row.subscriptionId(), Set.of())));
        }
        return terms;
    }

    /** One INSERT for the whole request; returns the idempotency keys that were new. */
    private Set<String> insert(java.util.Collection<UsageRecordView> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        int size = records.size();
        String[] keys = new String[size];
        String[] ids = new String[size];
        String[] subscriptions = new String[size];
        Long[] quantities = new Long[size];
        Timestamp[] occurred = new Timestamp[size];
        String[] properties = new String[size];
        Timestamp[] starts = new Timestamp[size];
        Timestamp[] ends = new Timestamp[size];
        Timestamp[] recorded = new Timestamp[size];
        int i = 0;
        for (UsageRecordView record : records) {
            keys[i] = record.idempotencyKey();
            ids[i] = record.id();
            subscriptions[i] = record.subscriptionId();
            quantities[i] = record.quantity();
            occurred[i] = Timestamp.from(record.timestamp());
            properties[i] = writeJson(record.properties());
            starts[i] = Timestamp.from(record.periodStart());
            ends[i] = Timestamp.from(record.periodEnd());
            recorded[i] = Timestamp.from(record.createdAt());
            i++;
        }
        return jdbc.execute((ConnectionCallback<Set<String>>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO usage_records (idempotency_key, record_id, subscription_id, quantity, occurred_at,
                        properties, period_start, period_end, recorded_at)
                    SELECT k, r, s, q, o, p::jsonb, ps, pe, ra
                    FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::timestamptz[], ?::text[],
                                ?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) AS t(k, r, s, q, o, p, ps, pe, ra)
                    ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING idempotency_key""")) {
                insert.setArray(1, array(connection, "varchar", keys));
                insert.setArray(2, array(connection, "varchar", ids));
                insert.setArray(3, array(connection, "varchar", subscriptions));
                insert.setArray(4, connection.createArrayOf("bigint", quantities));
                insert.setArray(5, connection.createArrayOf("timestamptz", occurred));
                insert.setArray(6, array(connection, "text", properties));
                insert.setArray(7, connection.createArrayOf("timestamptz", starts));
                insert.setArray(8, connection.createArrayOf("timestamptz", ends));
                insert.setArray(9, connection.createArrayOf("timestamptz", recorded));
                Set<String> inserted = new HashSet<>();
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
                return inserted;
            }
        });
    }

    private static Array array(Connection connection, String type, String[] values) throws java.sql.SQLException {
        return connection.createArrayOf(type, values);
    }

    /** The records stored earlier under the keys that were not new. */
    private Map<String, UsageRecordView> originals(Set<String> keys, Set<String> inserted) {
        String[] seenBefore = keys.stream().filter(key -> !inserted.contains(key)).toArray(String[]::new);
        Map<String, UsageRecordView> originals = new HashMap<>();
        if (seenBefore.length == 0) {
            return originals;
        }
        jdbc.query("""
                        SELECT idempotency_key, record_id, subscription_id, quantity, occurred_at, properties,
                               period_start, period_end, recorded_at, voided_at
                        FROM usage_records WHERE idempotency_key = ANY (?)""",
                rs -> {
                    Timestamp voidedAt = rs.getTimestamp("voided_at"); // a voided record is shown voided
                    originals.put(rs.getString("idempotency_key"), new UsageRecordView(rs.getString("record_id"),
                            rs.getString("subscription_id"), rs.getString("idempotency_key"), rs.getLong("quantity"),
                            rs.getTimestamp("occurred_at").toInstant(), readJson(rs.getString("properties")),
                            rs.getTimestamp("period_start").toInstant(), rs.getTimestamp("period_end").toInstant(),
                            rs.getTimestamp("recorded_at").toInstant(),
                            voidedAt == null ? UsageRecordView.RECORDED : UsageRecordView.VOIDED,
                            voidedAt == null ? null : voidedAt.toInstant()));
                }, (Object) seenBefore);
        return originals;
    }

    private String writeJson(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("properties are not serialisable", e);
        }
    }

    private Map<String, Object> readJson(String value) {
        try {
            return json.readValue(value, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored usage properties are not JSON", e);
        }
    }

    private record SubscriptionTerms(String subscriptionId, SubscriptionStatus status, PricingModel pricingModel,
                                     String testClockId, BillingPeriod period, Instant previousStart,
                                     Set<Instant> closed) {
    }
}
