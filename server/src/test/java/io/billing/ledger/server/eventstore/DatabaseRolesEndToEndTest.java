package io.billing.ledger.server.eventstore;

import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.BillingLedgerApplication;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations as an owner role (DATABASE_MIGRATION_URL), requests as a runtime role
 * (DATABASE_URL): the server works, replays work, and the runtime role cannot change,
 * empty, unprotect or drop the event store.
 */
// metrics exporters on, as in production: /metrics needs the Prometheus registry (EndToEndTest does the same)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = BillingLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "billing.rate-limit.max-requests=1000000")
class DatabaseRolesEndToEndTest {

    private static final String ADMIN_KEY = "blk_test_admin_roles_0123456789abcdef0123";
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String OWNER = "billing_owner_" + SUFFIX;
    private static final String RUNTIME = "billing_app_" + SUFFIX;
    private static final String PASSWORD = "pw_" + SUFFIX;

    private static String superUrl;
    private static String database;

    static {
        BillingLedgerApplication.disableAxonUpdateChecker();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProjectionReplays replays;

    @DynamicPropertySource
    static void twoRoles(DynamicPropertyRegistry registry) throws SQLException {
        superUrl = TestDatabases.fresh();
        database = superUrl.substring(superUrl.lastIndexOf('/') + 1).split("\\?")[0];
        try (Connection connection = DriverManager.getConnection(superUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE ROLE " + RUNTIME + " LOGIN PASSWORD '" + PASSWORD + "'");
            // PostgreSQL 15: the public schema belongs to the database owner, who may create in it
            statement.execute("ALTER DATABASE " + database + " OWNER TO " + OWNER);
        }
        dropTheRolesAtExit();
        registry.add("billing.database-url", () -> as(RUNTIME));
        registry.add("billing.database-migration-url", () -> as(OWNER));
        registry.add("billing.api-keys.bootstrap-key", () -> ADMIN_KEY);
        registry.add("billing.scheduler.poll-interval", () -> "PT0.1S");
    }

    /** The test database's URL with another role's credentials. */
    private static String as(String role) {
        String[] parts = superUrl.split("\\?", 2);
        List<String> params = new ArrayList<>();
        if (parts.length > 1) {
            for (String param : parts[1].split("&")) {
                if (!param.startsWith("user=") && !param.startsWith("password=")) {
                    params.add(param);
                }
            }
        }
        params.add("user=" + role);
        params.add("password=" + PASSWORD);
        return parts[0] + "?" + String.join("&", params);
    }

    /** Roles are cluster-wide: drop them (and so first the database they own) when the JVM ends. */
    private static void dropTheRolesAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(superUrl.replace("/" + database + "?",
                    "/postgres?")); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                statement.execute("DROP ROLE IF EXISTS " + RUNTIME);
                statement.execute("DROP ROLE IF EXISTS " + OWNER);
            } catch (SQLException ignored) {
                // best effort: left-over roles harm nothing
            }
        }, "drop-test-roles"));
    }

    private Api api() {
        return new Api(port, ADMIN_KEY);
    }

    @Test
    void the_server_runs_as_the_runtime_role_and_the_owner_role_owns_the_tables() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(RUNTIME);
        assertThat(jdbc.queryForObject("SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'",
                String.class)).isEqualTo(OWNER);

        Api.Response created = api().post("/v1/plans",
                "{\"name\":\"Roles\",\"pricingModel\":\"flat_rate\",\"amountCents\":900,\"billingInterval\":\"month\"}");
        assertThat(created.status()).isEqualTo(201);
        String planId = created.data().get("id").asText();
        assertThat(api().get("/v1/plans/" + planId).status()).isEqualTo(200);
        assertThat(api().post("/v1/customers", "{\"name\":\"R\",\"email\":\"r@example.com\"}").status())
                .isEqualTo(201);
    }

    @Test
    void a_replay_rebuilds_a_read_table_under_the_runtime_role() throws Exception {
        api().post("/v1/customers", "{\"name\":\"Replayed\",\"email\":\"replayed@example.com\"}");
        assertThat(replays.awaitCaughtUp("customer-directory", Duration.ofSeconds(10))).isTrue();
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM customer_directory ORDER BY id");

        assertThat(api().post("/v1/admin/projections/customer-directory/replay", null).status()).isEqualTo(202);

        assertThat(replays.awaitCaughtUp("customer-directory", Duration.ofSeconds(20))).isTrue();
        assertThat(jdbc.queryForList("SELECT * FROM customer_directory ORDER BY id")).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE domain_event_entry SET payload = 'x'::bytea",
            "DELETE FROM domain_event_entry",
            "TRUNCATE domain_event_entry",
            "ALTER TABLE domain_event_entry DISABLE TRIGGER ALL",
            "ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_no_update_or_delete",
            "DROP TRIGGER domain_event_entry_no_update_or_delete ON domain_event_entry",
            "DROP TRIGGER domain_event_entry_no_truncate ON domain_event_entry",
            "DROP TABLE domain_event_entry",
            "ALTER TABLE domain_event_entry RENAME TO old_events",
            "DROP FUNCTION reject_event_store_change() CASCADE",
            "UPDATE audit_chain SET hash = sha256('x'::bytea)",
            "DELETE FROM audit_chain",
            "TRUNCATE audit_chain",
            "ALTER TABLE audit_chain DISABLE TRIGGER ALL",
            "UPDATE flyway_schema_history SET checksum = 0"
    })
    void the_runtime_role_cannot_touch_history(String statement) throws SQLException {
        api().post("/v1/customers", "{\"name\":\"History\",\"email\":\"history@example.com\"}");
        List<Map<String, Object>> before = events();
        assertThat(before).isNotEmpty();

        try (Connection runtime = DriverManager.getConnection(as(RUNTIME));
             Statement sql = runtime.createStatement()) {
            assertThatThrownBy(() -> sql.execute(statement))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                    .hasMessageNotContaining("append-only"); // refused by privileges, before any trigger
        }

        assertThat(events()).startsWith(before.toArray(Map[]::new));
        assertThat(jdbc.queryForList("SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'domain_event_entry'::regclass "
                + "AND NOT tgisinternal", String.class)).containsOnly("A");
    }

    private List<Map<String, Object>> events() {
        return jdbc.queryForList("""
                SELECT global_index, aggregate_identifier, sequence_number, event_identifier, md5(payload) AS payload,
                       md5(meta_data) AS meta_data, payload_type, time_stamp
                FROM domain_event_entry ORDER BY global_index""");
    }
}
