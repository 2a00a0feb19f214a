package io.billing.ledger.server.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The table behind {@code Idempotency-Key}. Claiming a key is one INSERT on its primary
 * key, so of two concurrent requests with the same key exactly one runs.
 */
@Component
public class IdempotencyKeys {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock,
                           @Value("${billing.idempotency.retention}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    public sealed interface Claim permits Claimed, Mismatch, InProgress, Replay {
    }

    public record Claimed() implements Claim {
    }

    public record Mismatch() implements Claim {
    }

    public record InProgress() implements Claim {
    }

    public record Replay(int status, byte[] body, String contentType) implements Claim {
    }

    public Claim claim(String apiKeyId, String key, String requestHash) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, status, created_at)
                    VALUES (?, ?, ?, 'in_progress', ?) ON CONFLICT DO NOTHING""",
                    apiKeyId, key, requestHash, Timestamp.from(now));
            if (inserted == 1) {
                return new Claimed();
            }
            List<Claim> existing = jdbc.query("""
                            SELECT request_hash, status, response_status, response_body, response_type, created_at
                            FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ?""",
                    (rs, row) -> {
                        if (rs.getTimestamp("created_at").toInstant().isBefore(now.minus(retention))) {
                            return null; // expired: the key may be used afresh
                        }
                        if (!rs.getString("request_hash").equals(requestHash)) {
                            return new Mismatch();
                        }
                        if (rs.getString("status").equals("in_progress")) {
                            return new InProgress();
                        }
                        return new Replay(rs.getInt("response_status"), rs.getBytes("response_body"),
                                rs.getString("response_type"));
                    }, apiKeyId, key);
            if (!existing.isEmpty() && existing.get(0) != null) {
                return existing.get(0);
            }
            jdbc.update("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND created_at < ?",
                    apiKeyId, key, Timestamp.from(now.minus(retention)));
        }
        return new InProgress();
    }

    public void complete(String apiKeyId, String key, int status, byte[] body, String contentType) {
        jdbc.update("""
                UPDATE idempotency_keys SET status = 'completed', response_status = ?, response_body = ?,
                    response_type = ?
                WHERE api_key_id = ? AND idempotency_key = ?""", status, body, contentType, apiKeyId, key);
    }

    /** Frees a key whose request failed on our side, so that the client's retry can run. */
    public void release(String apiKeyId, String key) {
        jdbc.update("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND status = 'in_progress'",
                apiKeyId, key);
    }
}
