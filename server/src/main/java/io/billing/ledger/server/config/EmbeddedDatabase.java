package io.billing.ledger.server.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded PostgreSQL used when no DATABASE_URL is given. Its data directory is kept
 * between runs. As a bean it is stopped after the connection pool that depends on it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String OWNER_ROLE = "billing_owner";
    static final String RUNTIME_ROLE = "billing_app";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A holder with no server: DATABASE_URL names the database. */
    public static EmbeddedDatabase none() {
        return new EmbeddedDatabase(null);
    }

    public static EmbeddedDatabase start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            createRoles(postgres);
            log.warn("DATABASE_URL is not set: running on an embedded PostgreSQL with its data in {} (port {}). "
                    + "Set DATABASE_URL for production.", directory.toAbsolutePath(), postgres.getPort());
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + " (set DATABASE_URL to use an external one)", e);
        }
    }

    /**
     * The owner role (migrations) and the runtime role (requests), created on every start so
     * that a data directory from before they existed is brought along: the schema's tables
     * are handed from the superuser to the owner role.
     */
    private static void createRoles(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    DECLARE r record;
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN;
                        END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%2$s') THEN
                            CREATE ROLE %2$s LOGIN;
                        END IF;
                        GRANT USAGE, CREATE ON SCHEMA public TO %1$s;
                        FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                                   AND pg_get_userbyid(c.relowner) = current_user LOOP
                            EXECUTE format('ALTER TABLE public.%%I OWNER TO %1$s', r.relname);
                        END LOOP;
                    END $$""".formatted(OWNER_ROLE, RUNTIME_ROLE));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database roles of the embedded PostgreSQL", e);
        }
    }

    /** Migrations connect as this role: it owns the schema's tables. */
    public String ownerJdbcUrl() {
        return postgres.getJdbcUrl(OWNER_ROLE, "postgres");
    }

    /** The server's pool connects as this role: SELECT and INSERT only on the event store. */
    public String runtimeJdbcUrl() {
        return postgres.getJdbcUrl(RUNTIME_ROLE, "postgres");
    }

    public boolean isRunning() {
        return postgres != null;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
