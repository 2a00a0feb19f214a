package io.billing.ledger.server.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The database: DATABASE_URL (empty = the embedded PostgreSQL), DATABASE_MIGRATION_URL (the
 * owner role migrations run as) and the embedded database's directory and port. The keys sit
 * directly under {@code billing} (application.yml predates this record, and other branches read them).
 * That the migration URL needs DATABASE_URL is checked by {@link StartupSettings}.
 */
@Validated
@ConfigurationProperties("billing")
public record DatabaseSettings(
        @NotNull @PostgresUrl @DefaultValue("") String databaseUrl,
        @NotNull @DefaultValue("")
        @PostgresUrl(message = "postgresql://owner:password@host:port/database or jdbc:postgresql://host:port/database")
        String databaseMigrationUrl,
        @Valid @NotNull EmbeddedDatabaseSettings embeddedDatabase) {

    /** {@code billing.embedded-database}: EMBEDDED_DATABASE_DIR and EMBEDDED_DATABASE_PORT (0 = any free port). */
    public record EmbeddedDatabaseSettings(
            @NotBlank @DefaultValue("./data/postgres") String directory,
            @Min(value = 0, message = "an integer from 0 to 65535") @Max(value = 65535, message = "an integer from 0 to 65535")
            @DefaultValue("0") int port) {
    }

    public boolean external() {
        return !databaseUrl.isBlank();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[not shown: the URLs may hold passwords]";
    }
}
