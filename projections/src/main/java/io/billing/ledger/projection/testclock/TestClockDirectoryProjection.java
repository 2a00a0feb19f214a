package io.billing.ledger.projection.testclock;

import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.api.testclock.TestClockAdvanced;
import io.billing.ledger.api.testclock.TestClockCreated;
import io.billing.ledger.api.testclock.TestClockStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds the test clock directory. While a clock advances its frozen time already shows the
 * target, with {@code advancing_to} set until the work that fell due is done. Idempotent by
 * the version each row remembers.
 */
@Component
@ProcessingGroup(TestClockDirectoryProjection.PROCESSING_GROUP)
public class TestClockDirectoryProjection {

    public static final String PROCESSING_GROUP = "test-clock-directory";

    private final JdbcTemplate jdbc;

    public TestClockDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TestClockCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        INSERT INTO test_clock_directory (id, name, frozen_time, status, advancing_to, created_at,
                            updated_at, version)
                        VALUES (?, ?, ?, ?, NULL, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                event.testClockId(), event.name(), java.sql.Timestamp.from(event.frozenTime()),
                TestClockStatus.READY.wire(), java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), version);
    }

    @EventHandler
    void on(TestClockAdvanceStarted event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        UPDATE test_clock_directory SET status = ?, frozen_time = ?, advancing_to = ?, updated_at = ?,
                            version = ?
                        WHERE id = ? AND version < ?""",
                TestClockStatus.ADVANCING.wire(), java.sql.Timestamp.from(event.frozenTime()),
                java.sql.Timestamp.from(event.frozenTime()), java.sql.Timestamp.from(at), version, event.testClockId(),
                version);
    }

    @EventHandler
    void on(TestClockAdvanced event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        UPDATE test_clock_directory SET status = ?, frozen_time = ?, advancing_to = NULL,
                            updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""",
                TestClockStatus.READY.wire(), java.sql.Timestamp.from(event.frozenTime()),
                java.sql.Timestamp.from(at), version, event.testClockId(), version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE test_clock_directory");
    }
}
