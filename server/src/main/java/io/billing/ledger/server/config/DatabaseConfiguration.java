package io.billing.ledger.server.config;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * The one PostgreSQL database: the one DATABASE_URL names, or else an embedded PostgreSQL
 * whose data directory survives restarts, so that the server runs on a laptop with only a JDK.
 */
@Configuration
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    public EmbeddedDatabase embeddedDatabase(@Value("${billing.database-url:}") String databaseUrl,
                                             @Value("${billing.embedded-database.directory}") String directory,
                                             @Value("${billing.embedded-database.port}") int port) {
        return databaseUrl.isBlank() ? EmbeddedDatabase.start(Path.of(directory), port) : EmbeddedDatabase.none();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(@Value("${billing.database-url:}") String databaseUrl,
                                       EmbeddedDatabase embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        if (embedded.isRunning()) {
            dataSource.setJdbcUrl(embedded.jdbcUrl());
            dataSource.setUsername("postgres");
            return dataSource;
        }
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl.trim());
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
}
