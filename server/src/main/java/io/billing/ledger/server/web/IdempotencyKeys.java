package io.billing.ledger.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The table behind {@code Idempotency-Key}. Claiming a key is one INSERT on its primary
 * key, so of two concurrent requests with the same key exactly one runs. A claim carries a
 * token and a short lease: the command's transaction marks the row {@code committed} only
 * while it still holds the token ({@link #markCommitted}), so a claim taken over after its
 * lease expired can never commit a second time.
 * <p>
 * States: {@code in_progress} (claimed, nothing committed), {@code committed} (the command
 * committed; its answer is built from the resource it produced), {@code completed} (the
 * answer is stored and replayed as it was, with any shown-once secret removed).
 */
@Component
public class IdempotencyKeys {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock,
                           IdempotencySettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = settings.retention();
        this.lease = settings.lease();
    }

    public sealed interface Claim permits Claimed, Mismatch, InProgress, Replay, Committed {
    }

    /** This request holds the key and runs. */
    public record Claimed(String token) implements Claim {
    }

    public record Mismatch() implements Claim {
    }

    /** Another request holds the key and its lease runs for {@code retryAfter} more. */
    public record InProgress(Duration retryAfter) implements Claim {
    }

    public record Replay(int status, byte[] body, String contentType) implements Claim {
    }

    /** The command committed but its answer was not stored (a crash, a failure after the commit). */
    public record Committed(String resourceId) implements Claim {
    }

    private record Row(String requestHash, String status, String token, Instant leaseExpiresAt, Instant createdAt,
                       Integer responseStatus, byte[] body, String contentType, String resourceId) {
    }

    public Claim claim(String apiKeyId, String key, String requestHash) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            String token = UUID.randomUUID().toString();
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, status, created_at,
                        claim_token, lease_expires_at)
                    VALUES (?, ?, ?, 'in_progress', ?, ?, ?) ON CONFLICT DO NOTHING""",
                    apiKeyId, key, requestHash, Timestamp.from(now), token, Timestamp.from(now.plus(lease)));
            if (inserted == 1) {
                return new Claimed(token);
            }
            List<Row> rows = jdbc.query("""
                            SELECT request_hash, status, claim_token, lease_expires_at, created_at, response_status,
                                   response_body, response_type, resource_id
                            FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ?""",
                    (rs, n) -> new Row(rs.getString("request_hash"), rs.getString("status"),
                            rs.getString("claim_token"), instant(rs.getTimestamp("lease_expires_at")),
                            rs.getTimestamp("created_at").toInstant(), (Integer) rs.getObject("response_status"),
                            rs.getBytes("response_body"), rs.getString("response_type"), rs.getString("resource_id")),
                    apiKeyId, key);
            if (rows.isEmpty()) {
                continue; // released in between: claim it afresh
            }
            Row row = rows.get(0);
            if (row.createdAt().isBefore(now.minus(retention))) {
                jdbc.update("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND created_at < ?",
                        apiKeyId, key, Timestamp.from(now.minus(retention)));
                continue; // expired: the key may be used afresh
            }
            if (!row.requestHash().equals(requestHash)) {
                return new Mismatch();
            }
            boolean leaseAlive = row.leaseExpiresAt() != null && row.leaseExpiresAt().isAfter(now);
            switch (row.status()) {
                case "completed" -> {
                    return new Replay(row.responseStatus(), row.body(), row.contentType());
                }
                case "committed" -> {
                    // while the lease runs, the request that committed is still answering and will store it
                    return leaseAlive ? new InProgress(Duration.between(now, row.leaseExpiresAt()))
                            : new Committed(row.resourceId());
                }
                default -> {
                    if (leaseAlive) {
                        return new InProgress(Duration.between(now, row.leaseExpiresAt()));
                    }
                    // the lease ran out and nothing committed (a commit would have marked the row): run again.
                    // Should the first request still be running, its commit now fails on the token.
                    int taken = jdbc.update("""
                            UPDATE idempotency_keys SET claim_token = ?, lease_expires_at = ?
                            WHERE api_key_id = ? AND idempotency_key = ? AND status = 'in_progress'
                              AND claim_token IS NOT DISTINCT FROM ?""",
                            token, Timestamp.from(now.plus(lease)), apiKeyId, key, row.token());
                    if (taken == 1) {
                        log.info("Idempotency key of {} taken over after its lease expired with nothing committed",
                                apiKeyId);
                        return new Claimed(token);
                    }
                }
            }
        }
        return new InProgress(lease);
    }

    /**
     * Called inside the command's transaction, just before its events are appended: false
     * when the claim was lost (taken over after its lease), and then the command must not commit.
     */
    public boolean markCommitted(String apiKeyId, String key, String token, String resourceId) {
        return jdbc.update("""
                UPDATE idempotency_keys SET status = 'committed', resource_id = coalesce(resource_id, ?)
                WHERE api_key_id = ? AND idempotency_key = ? AND claim_token = ?
                  AND status IN ('in_progress', 'committed')""", resourceId, apiKeyId, key, token) == 1;
    }

    /** The resource a claim's command committed, or empty when nothing committed under this claim. */
    public Optional<String> committed(String apiKeyId, String key, String token) {
        List<String> rows = jdbc.query("""
                        SELECT coalesce(resource_id, '') FROM idempotency_keys
                        WHERE api_key_id = ? AND idempotency_key = ? AND claim_token = ? AND status = 'committed'""",
                (rs, n) -> rs.getString(1), apiKeyId, key, token);
        return rows.stream().findFirst();
    }

    /** Stores the answer to replay; {@code token} null stores an answer built for a committed row. */
    public void complete(String apiKeyId, String key, String token, int status, byte[] body, String contentType) {
        jdbc.update("""
                UPDATE idempotency_keys SET status = 'completed', response_status = ?, response_body = ?,
                    response_type = ?
                WHERE api_key_id = ? AND idempotency_key = ?
                  AND (claim_token = ? OR (CAST(? AS varchar) IS NULL AND status = 'committed'))""",
                status, body, contentType, apiKeyId, key, token, token);
    }

    /** Ends a claim whose command committed without storing an answer: the next retry builds it at once. */
    public void endLease(String apiKeyId, String key, String token) {
        jdbc.update("""
                UPDATE idempotency_keys SET lease_expires_at = created_at
                WHERE api_key_id = ? AND idempotency_key = ? AND claim_token = ?""", apiKeyId, key, token);
    }

    /** Frees a key whose request failed on our side before anything committed, so that the client's retry can run. */
    public void release(String apiKeyId, String key, String token) {
        jdbc.update("""
                DELETE FROM idempotency_keys
                WHERE api_key_id = ? AND idempotency_key = ? AND claim_token = ? AND status = 'in_progress'""",
                apiKeyId, key, token);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
