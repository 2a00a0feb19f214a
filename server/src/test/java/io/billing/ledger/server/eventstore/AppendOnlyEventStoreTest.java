package io.billing.ledger.server.eventstore;

import io.billing.ledger.server.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event table (and the audit chain over it) refuses UPDATE, DELETE and TRUNCATE in the database itself, whoever asks. */
class AppendOnlyEventStoreTest {

    private static String url;

    @BeforeAll
    static void migrateAFreshDatabase() throws SQLException {
        url = TestDatabases.fresh();
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/axon", "classpath:db/migration/server",
                        "classpath:db/migration/command", "classpath:db/migration/projections")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                         meta_data, payload, payload_type, time_stamp)
                     VALUES (?, ?, 'PlanAggregate', ?, ?, ?, 'io.billing.ledger.api.plan.PlanCreated', ?)""")) {
            for (int i = 0; i < 2; i++) {
                insert.setString(1, "plan_append-only");
                insert.setLong(2, i);
                insert.setString(3, "event-" + i);
                insert.setBytes(4, "{}".getBytes());
                insert.setBytes(5, ("{\"planId\":\"plan_append-only\",\"n\":" + i + "}").getBytes());
                insert.setString(6, "2026-01-01T00:00:0" + i + "Z");
                insert.executeUpdate();
            }
        }
    }

    @Test
    void an_update_of_a_stored_event_fails_and_changes_nothing() {
        assertThatThrownBy(() -> execute("UPDATE domain_event_entry SET payload = 'x'::bytea WHERE sequence_number = 0"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(snapshot()).isEqualTo(originalRows());
    }

    @Test
    void a_delete_of_a_stored_event_fails_and_changes_nothing() {
        assertThatThrownBy(() -> execute("DELETE FROM domain_event_entry"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(snapshot()).isEqualTo(originalRows());
    }

    @Test
    void a_truncate_of_the_event_table_fails_and_changes_nothing() {
        assertThatThrownBy(() -> execute("TRUNCATE domain_event_entry"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(snapshot()).isEqualTo(originalRows());
    }

    /** The audit chain (docs/audit.md) is kept like the events: no link changes, also with replication triggers off. */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE audit_chain SET hash = sha256('x'::bytea)", "DELETE FROM audit_chain",
            "TRUNCATE audit_chain", "SET session_replication_role = replica; DELETE FROM audit_chain"})
    void the_audit_chain_refuses_every_change_of_a_link(String statement) throws SQLException {
        execute("INSERT INTO audit_chain (position, hash, sealed_at) VALUES (1000, sha256('link'::bytea), now()) "
                + "ON CONFLICT DO NOTHING");

        assertThatThrownBy(() -> execute(statement))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        try (Connection connection = DriverManager.getConnection(url);
             Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("SELECT count(*) FROM audit_chain WHERE position = 1000 "
                     + "AND hash = sha256('link'::bytea)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void appending_still_works() throws SQLException {
        execute("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    payload, payload_type, time_stamp)
                VALUES ('plan_other', 0, 'PlanAggregate', 'event-other', '{}'::bytea, 'x', '2026-01-01T00:00:00Z')""");
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'plan_other'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    private static String originalRows() {
        return "0:{\"planId\":\"plan_append-only\",\"n\":0}|1:{\"planId\":\"plan_append-only\",\"n\":1}|";
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String snapshot() {
        StringBuilder rows = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT sequence_number, convert_from(payload, 'UTF8') AS payload FROM domain_event_entry
                     WHERE aggregate_identifier = 'plan_append-only' ORDER BY sequence_number""")) {
            while (rs.next()) {
                rows.append(rs.getLong(1)).append(':').append(rs.getString(2)).append('|');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows.toString();
    }
}
