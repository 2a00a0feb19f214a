package io.billing.ledger.server.config;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database makes both roles itself, also for a data directory written before
 * they existed (its tables owned by the superuser): migrations as the owner, requests as a
 * runtime role that cannot touch the event store's history.
 */
class EmbeddedDatabaseRolesTest {

    private static final String[] MIGRATIONS = {"classpath:db/migration/axon", "classpath:db/migration/server",
            "classpath:db/migration/command", "classpath:db/migration/projections", "classpath:db/migration/sagas"};

    @Test
    void an_older_data_directory_is_handed_to_the_owner_role_and_the_runtime_role_only_appends(@TempDir Path data)
            throws Exception {
        try (EmbeddedDatabase older = EmbeddedDatabase.start(data, 0)) {
            // as a server before the roles did: everything migrated and owned by the superuser
            String superuser = older.ownerJdbcUrl().replace("user=" + EmbeddedDatabase.OWNER_ROLE, "user=postgres");
            Flyway.configure().dataSource(superuser, null, null).locations(MIGRATIONS).load().migrate();
        }

        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data, 0)) {
            DatabaseRoles roles = new DatabaseRoles(DatabaseUrl.parse(embedded.runtimeJdbcUrl()),
                    DatabaseUrl.parse(embedded.ownerJdbcUrl()));
            Flyway.configure().dataSource(embedded.ownerJdbcUrl(), null, null).locations(MIGRATIONS)
                    .callbacks(new RuntimeRoleGrants(roles, new DriverManagerDataSource(embedded.runtimeJdbcUrl())))
                    .load().migrate();

            try (Connection runtime = DriverManager.getConnection(embedded.runtimeJdbcUrl());
                 Statement sql = runtime.createStatement()) {
                assertThat(single(sql, "SELECT current_user")).isEqualTo(EmbeddedDatabase.RUNTIME_ROLE);
                assertThat(single(sql, "SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'"))
                        .isEqualTo(EmbeddedDatabase.OWNER_ROLE);
                sql.execute("""
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            payload, payload_type, time_stamp)
                        VALUES ('plan_embedded', 0, 'PlanAggregate', 'e-1', '{}'::bytea, 'x', '2026-01-01T00:00:00Z')""");
                sql.execute("TRUNCATE plan_catalog");
                for (String forbidden : new String[] {"TRUNCATE domain_event_entry",
                        "ALTER TABLE domain_event_entry DISABLE TRIGGER ALL", "DROP TABLE domain_event_entry"}) {
                    assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                }
                assertThat(single(sql, "SELECT count(*) FROM domain_event_entry")).isEqualTo("1");
            }
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
