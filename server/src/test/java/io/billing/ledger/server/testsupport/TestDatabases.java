package io.billing.ledger.server.testsupport;

import io.billing.ledger.server.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A real PostgreSQL for tests, found in this order: TEST_DATABASE_URL; the local server on
 * localhost:5432; a Testcontainers PostgreSQL where a Docker engine answers; an embedded
 * PostgreSQL (zonky). Each call of {@link #fresh()} creates a new, empty database on it,
 * so that no test class sees another's data. The databases are dropped when the JVM ends.
 */
public final class TestDatabases {

    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private TestDatabases() {
    }

    /** A JDBC URL (user included) of a new, empty database. */
    public static synchronized String fresh() {
        Server s = server();
        String name = "billing_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = s.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + s.description, e);
        }
        created.add(name);
        return s.urlOf(name);
    }

    private static Server server() {
        if (server == null) {
            server = locate();
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-test-databases"));
        }
        return server;
    }

    private static Server locate() {
        String configured = System.getenv("TEST_DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(configured.trim());
            return new Server(url.jdbcUrl(), url.username(), url.password(), "TEST_DATABASE_URL");
        }
        Server local = new Server("jdbc:postgresql://localhost:5432/postgres?connectTimeout=2", "postgres", null,
                "the local PostgreSQL on localhost:5432");
        if (local.answers()) {
            return local;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "a Testcontainers PostgreSQL");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            return new Server(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null,
                    "an embedded PostgreSQL");
        } catch (Exception e) {
            throw new IllegalStateException("No PostgreSQL for the tests: set TEST_DATABASE_URL", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static synchronized void dropCreated() {
        for (String name : created) {
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // best effort: a left-over test database harms nothing
            }
        }
    }

    private record Server(String adminUrl, String user, String password, String description) {

        Connection connect() throws SQLException {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            return DriverManager.getConnection(adminUrl, properties);
        }

        boolean answers() {
            try (Connection ignored = connect()) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        /** The admin URL with its database swapped for {@code name}, and the credentials as parameters. */
        String urlOf(String name) {
            String base = adminUrl;
            String query = "";
            int q = base.indexOf('?');
            if (q >= 0) {
                query = base.substring(q + 1);
                base = base.substring(0, q);
            }
            String url = base.substring(0, base.lastIndexOf('/') + 1) + name;
            List<String> params = new ArrayList<>();
            if (!query.isEmpty()) {
                params.add(query);
            }
            if (user != null) {
                params.add("user=" + user);
            }
            if (password != null) {
                params.add("password=" + password);
            }
            return params.isEmpty() ? url : url + "?" + String.join("&", params);
        }
    }
}
