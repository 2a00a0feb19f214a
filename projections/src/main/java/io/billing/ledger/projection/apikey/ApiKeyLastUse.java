package io.billing.ledger.projection.apikey;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * When each API key last authenticated a request ({@code api_key_last_use}): telemetry, not an
 * event, so a replay leaves it alone. The directory joins it into the key's view as
 * {@code lastUsedAt}.
 */
@Component
public class ApiKeyLastUse {

    /** A key's last use is written at most this often: the answer says "about when", not "how often". */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;

    public ApiKeyLastUse(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a use at {@code at} unless one was recorded less than {@link #INTERVAL} before it.
     * The condition is in the statement, so nodes that each throttle in memory still write a key
     * at most once a minute between them. Answers whether the row was written.
     */
    public boolean record(String apiKeyId, Instant at) {
        return jdbc.update("""
                        INSERT INTO api_key_last_use (key_id, last_used_at) VALUES (?, ?)
                        ON CONFLICT (key_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at
                        WHERE api_key_last_use.last_used_at <= EXCLUDED.last_used_at - make_interval(secs => ?)""",
                apiKeyId, Timestamp.from(at), INTERVAL.toSeconds()) > 0;
    }

    /** When the key was last recorded as used, if ever. */
    public java.util.Optional<Instant> of(String apiKeyId) {
        return jdbc.query("SELECT last_used_at FROM api_key_last_use WHERE key_id = ?",
                (rs, row) -> rs.getTimestamp("last_used_at").toInstant(), apiKeyId).stream().findFirst();
    }
}
