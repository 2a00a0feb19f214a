package io.billing.ledger.server.axon;

import io.billing.ledger.api.common.ResourceTime;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Dates every event about a resource on a test clock by that clock ({@link ResourceTime}): an
 * event that does not carry a clock time already (the scheduler's due work carries the time it
 * fell due, and events caused by it inherit it as correlation data) gets the clock's frozen
 * time now. Which clock a resource lives on is read from its first event: its
 * {@code testClockId} (subscriptions, customers), or its {@code customerId}'s clock (invoices
 * and what else bills a customer). A test clock itself lives in real time, as Stripe's do.
 */
class ResourceClockStamping implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final Optional<String> REAL_TIME = Optional.empty();
    private static final int REMEMBERED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ResourceClockStamping.class);

    private final JdbcTemplate jdbc;
    /** A resource never changes clocks: remember each answer (bounded, least recently used goes). */
    private final Map<String, Optional<String>> clocks = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    ResourceClockStamping(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> events) {
        return (index, event) -> {
            if (event.getMetaData().containsKey(ResourceTime.KEY) || !(event instanceof DomainEventMessage<?> domain)
                    || domain.getAggregateIdentifier().startsWith("clk_")) {
                return event;
            }
            return clockOf(domain).flatMap(this::frozenTime)
                    .<EventMessage<?>>map(time -> event.andMetaData(Map.of(ResourceTime.KEY, ResourceTime.stamp(time))))
                    .orElse(event);
        };
    }

    private Optional<String> clockOf(DomainEventMessage<?> event) {
        String aggregateId = event.getAggregateIdentifier();
        Optional<String> known = clocks.get(aggregateId);
        if (known != null) {
            return known;
        }
        Optional<String> clock = event.getSequenceNumber() == 0 ? fromPayload(event.getPayload()) : fromFirstEvent(aggregateId);
        clocks.put(aggregateId, clock);
        return clock;
    }

    /** The first event names the clock, or the customer whose clock it is. */
    private Optional<String> fromPayload(Object payload) {
        Object testClockId = component(payload, "testClockId");
        if (testClockId != null) {
            return Optional.of(testClockId.toString());
        }
        Object customerId = component(payload, "customerId");
        return customerId == null ? REAL_TIME : customerClock(customerId.toString());
    }

    private Optional<String> fromFirstEvent(String aggregateId) {
        List<Map<String, Object>> first;
        try {
            first = jdbc.queryForList("""
                    SELECT convert_from(payload, 'UTF8')::json ->> 'testClockId' AS test_clock_id,
                           convert_from(payload, 'UTF8')::json ->> 'customerId' AS customer_id
                    FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""", aggregateId);
        } catch (DataAccessException e) {
            // a first event that cannot be read as JSON text: date the resource in real time rather than refuse the change
            log.warn("Could not tell which clock {} lives on; dating its events in real time: {}", aggregateId,
                    e.getMostSpecificCause().getMessage());
            return REAL_TIME;
        }
        if (first.isEmpty()) {
            return REAL_TIME;
        }
        Object testClockId = first.get(0).get("test_clock_id");
        if (testClockId != null) {
            return Optional.of(testClockId.toString());
        }
        Object customerId = first.get(0).get("customer_id");
        return customerId == null ? REAL_TIME : customerClock(customerId.toString());
    }

    private Optional<String> customerClock(String customerId) {
        return jdbc.queryForList("SELECT test_clock_id FROM customer_accounts WHERE customer_id = ?", String.class,
                customerId).stream().filter(id -> id != null).findFirst();
    }

    private Optional<java.time.Instant> frozenTime(String testClockId) {
        return jdbc.queryForList("SELECT frozen_time FROM test_clock_times WHERE test_clock_id = ?", Timestamp.class,
                testClockId).stream().findFirst().map(Timestamp::toInstant);
    }

    private static Object component(Object payload, String name) {
        if (payload == null || !payload.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return component.getAccessor().invoke(payload);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
