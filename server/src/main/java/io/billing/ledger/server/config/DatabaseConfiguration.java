package io.billing.ledger.server.config;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * The one PostgreSQL database: the one DATABASE_URL names, or else an embedded PostgreSQL
 * whose data directory survives restarts, so that the server runs on a laptop with only a JDK.
 * Migrations run as the owner role of DATABASE_MIGRATION_URL (the embedded database creates
 * both roles itself); the server's pool runs as the runtime role (docs/security.md).
 */
@Configuration
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    public EmbeddedDatabase embeddedDatabase(DatabaseSettings settings) {
        DatabaseSettings.EmbeddedDatabaseSettings embedded = settings.embeddedDatabase();
        return settings.external() ? EmbeddedDatabase.none()
                : EmbeddedDatabase.start(Path.of(embedded.directory()), embedded.port());
    }

    @Bean
    public DatabaseRoles databaseRoles(DatabaseSettings settings, EmbeddedDatabase embedded) {
        String databaseUrl = settings.databaseUrl();
        String migrationUrl = settings.databaseMigrationUrl();
        if (embedded.isRunning()) {
            return new DatabaseRoles(DatabaseUrl.parse(embedded.runtimeJdbcUrl()),
                    DatabaseUrl.parse(embedded.ownerJdbcUrl()));
        }
        DatabaseUrl runtime = DatabaseUrl.parse(databaseUrl.trim());
        if (migrationUrl.isBlank()) {
            log.warn("DATABASE_MIGRATION_URL is not set: migrations and requests share one database role, so the "
                    + "event history is protected by its triggers only, not by roles: that role can disable or "
                    + "drop them. Set DATABASE_MIGRATION_URL to an owner role (see docs/security.md).");
            return new DatabaseRoles(runtime, null);
        }
        return new DatabaseRoles(runtime, DatabaseUrl.parse(migrationUrl.trim()));
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(DatabaseRoles roles) {
        HikariDataSource dataSource = new HikariDataSource();
        DatabaseUrl url = roles.runtime();
        dataSource.setJdbcUrl(url.jdbcUrl());
        if (url.username() != null) {
            dataSource.setUsername(url.username());
        }
        if (url.password() != null) {
            dataSource.setPassword(url.password());
        }
        log.info("Using the PostgreSQL database at {}", url.jdbcUrl().replaceAll("password=[^&]*", "password=***"));
        return dataSource;
    }

    /** Flyway connects as the owner role when there is one; the runtime role's grants follow each migrate. */
    @Bean
    public FlywayConfigurationCustomizer migrationsAsOwner(DatabaseRoles roles) {
        return configuration -> {
            if (roles.separated()) {
                DatabaseUrl owner = roles.owner();
                configuration.dataSource(owner.jdbcUrl(), owner.username(), owner.password());
            }
        };
    }

    @Bean
    public RuntimeRoleGrants runtimeRoleGrants(DatabaseRoles roles, HikariDataSource dataSource) {
        return new RuntimeRoleGrants(roles, dataSource);
    }
}
