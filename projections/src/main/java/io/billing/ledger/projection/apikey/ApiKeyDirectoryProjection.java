package io.billing.ledger.projection.apikey;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.ApiKeyScope;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.stream.Collectors;

/** Builds the list of API keys an admin sees; never the hash. */
@Component
@ProcessingGroup(ApiKeyDirectoryProjection.PROCESSING_GROUP)
public class ApiKeyDirectoryProjection {

    public static final String PROCESSING_GROUP = "api-key-directory";

    private final JdbcTemplate jdbc;

    public ApiKeyDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                        INSERT INTO api_key_directory (id, name, key_prefix, scopes, expires_at, created_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                event.apiKeyId(), event.name(), event.keyPrefix(),
                event.scopes().stream().map(ApiKeyScope::wire).collect(Collectors.joining(",")),
                event.expiresAt() == null ? null : java.sql.Timestamp.from(event.expiresAt()),
                java.sql.Timestamp.from(at), version);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE api_key_directory SET revoked_at = ?, version = ? WHERE id = ? AND version < ?",
                java.sql.Timestamp.from(at), version, event.apiKeyId(), version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE api_key_directory");
    }
}
