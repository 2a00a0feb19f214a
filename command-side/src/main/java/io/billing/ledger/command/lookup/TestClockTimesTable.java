package io.billing.ledger.command.lookup;

import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The time of each test clock, for the subscriptions of customers attached to one; every
 * other subscription lives on the system clock. The frozen time moves to the target as soon
 * as an advance starts: the work that fell due is then carried out in order behind it.
 */
@Component
@ProcessingGroup(TestClockTimesTable.PROCESSING_GROUP)
public class TestClockTimesTable implements SubscriptionClocks {

    public static final String PROCESSING_GROUP = "test-clock-times";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public TestClockTimesTable(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventHandler
    void on(TestClockCreated event) {
        jdbc.update("INSERT INTO test_clock_times (test_clock_id, frozen_time) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.testClockId(), Timestamp.from(event.frozenTime()));
    }

    @EventHandler
    void on(TestClockAdvanceStarted event) {
        jdbc.update("UPDATE test_clock_times SET frozen_time = ? WHERE test_clock_id = ?",
                Timestamp.from(event.frozenTime()), event.testClockId());
    }

    @Override
    public Instant now(String testClockId) {
        if (testClockId == null) {
            return clock.instant();
        }
        List<Timestamp> time = jdbc.queryForList(
                "SELECT frozen_time FROM test_clock_times WHERE test_clock_id = ?", Timestamp.class, testClockId);
        if (time.isEmpty()) {
            throw new IllegalStateException("unknown test clock " + testClockId);
        }
        return time.get(0).toInstant();
    }

    public boolean exists(String testClockId) {
        return !jdbc.queryForList("SELECT 1 FROM test_clock_times WHERE test_clock_id = ?", Integer.class,
                testClockId).isEmpty();
    }
}
