package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.ApiKeyScope;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The table that authentication reads. It is written by a subscribing processor, in the
 * same transaction as the event append, so a revocation is in force the moment the
 * revoke request answers — no projection lag for security decisions.
 */
@Component
@ProcessingGroup(ApiKeyCredentials.PROCESSING_GROUP)
public class ApiKeyCredentials {

    public static final String PROCESSING_GROUP = "api-key-credentials";

    private final JdbcTemplate jdbc;

    public ApiKeyCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyCreated event) {
        jdbc.update("""
                INSERT INTO api_key_credentials (api_key_id, key_hash, scopes, expires_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (api_key_id) DO NOTHING""",
                event.apiKeyId(), event.keyHash(),
                event.scopes().stream().map(ApiKeyScope::wire).sorted().collect(Collectors.joining(",")),
                event.expiresAt() == null ? null : java.sql.Timestamp.from(event.expiresAt()));
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant revokedAt) {
        jdbc.update("UPDATE api_key_credentials SET revoked_at = ? WHERE api_key_id = ? AND revoked_at IS NULL",
                java.sql.Timestamp.from(revokedAt), event.apiKeyId());
    }

    public boolean anyExists() {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM api_key_credentials)", Boolean.class);
        return Boolean.TRUE.equals(exists);
    }
}
