package io.billing.ledger.projection.testclock;

import io.billing.ledger.api.testclock.TestClockStatus;
import io.billing.ledger.api.testclock.TestClockView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Optional;

/** Reads the test clock directory that {@link TestClockDirectoryProjection} builds. */
@Component
public class TestClockDirectory {

    private static final String COLUMNS =
            "id, name, frozen_time, status, advancing_to, created_at, updated_at, version";

    private static final RowMapper<TestClockView> MAPPER = (rs, row) -> {
        Timestamp advancingTo = rs.getTimestamp("advancing_to");
        return new TestClockView(rs.getString("id"), rs.getString("name"),
                rs.getTimestamp("frozen_time").toInstant(), TestClockStatus.fromWire(rs.getString("status")),
                advancingTo == null ? null : advancingTo.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    };

    private final JdbcTemplate jdbc;

    public TestClockDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TestClockView> find(String testClockId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM test_clock_directory WHERE id = ?", MAPPER, testClockId)
                .stream().findFirst();
    }
}
