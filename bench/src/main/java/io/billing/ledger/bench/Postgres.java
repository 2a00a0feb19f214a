package io.billing.ledger.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the benchmark runs on: the one the admin URL names, or an embedded one when
 * nothing answers at the default URL. {@link #createDatabase()} makes a fresh database,
 * {@link #close()} drops it (and stops the embedded server, if any).
 */
final class Postgres implements AutoCloseable {

    private final String adminUrl;
    private final EmbeddedPostgres embedded;
    private final String description;
    private String database;

    private Postgres(String adminUrl, EmbeddedPostgres embedded, String description) {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        this.description = description;
    }

    static Postgres locate(Options options) throws Exception {
        String url = withParameter(options.databaseUrl(), "connectTimeout", "3");
        try (Connection ignored = DriverManager.getConnection(url)) {
            return new Postgres(options.databaseUrl(), null, options.databaseUrl());
        } catch (SQLException e) {
            if (options.databaseUrlGiven()) {
                throw new IllegalStateException("No PostgreSQL answers at " + options.databaseUrl() + ": "
                        + e.getMessage(), e);
            }
            System.out.println("No PostgreSQL at " + options.databaseUrl() + " (" + e.getMessage()
                    + "); starting an embedded one");
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            String adminUrl = embedded.getJdbcUrl("postgres", "postgres");
            return new Postgres(adminUrl, embedded, "embedded PostgreSQL (zonky) on port " + embedded.getPort());
        }
    }

    String description() {
        return description;
    }

    String serverVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Creates a new, empty database and returns its JDBC URL (credentials as parameters). */
    String createDatabase() throws SQLException {
        database = "billing_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return urlOf(database);
    }

    String databaseName() {
        return database;
    }

    void dropDatabase() {
        if (database == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        } catch (SQLException e) {
            System.out.println("Could not drop database " + database + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The admin URL with its database swapped for {@code name}. */
    private String urlOf(String name) {
        String base = adminUrl;
        String query = "";
        int q = base.indexOf('?');
        if (q >= 0) {
            query = base.substring(q);
            base = base.substring(0, q);
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name + query;
    }

    static String withParameter(String url, String name, String value) {
        if (url.contains("?" + name + "=") || url.contains("&" + name + "=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }
}
