package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns a presented API key into a principal, or nothing when it is unknown, revoked or expired. */
@Component
public class ApiKeyAuthenticator {

    private final JdbcTemplate jdbc;
    private final ApiKeyHasher hasher;
    private final Clock clock;

    public ApiKeyAuthenticator(JdbcTemplate jdbc, ApiKeyHasher hasher, Clock clock) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Optional<ApiKeyPrincipal> authenticate(String rawKey) {
        if (rawKey == null || rawKey.isBlank() || rawKey.length() > 200) {
            return Optional.empty();
        }
        List<ApiKeyPrincipal> found = jdbc.query("""
                        SELECT api_key_id, scopes FROM api_key_credentials
                        WHERE key_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)""",
                (rs, row) -> new ApiKeyPrincipal(rs.getString("api_key_id"),
                        Arrays.stream(rs.getString("scopes").split(","))
                                .map(ApiKeyScope::fromWire)
                                .collect(Collectors.toUnmodifiableSet())),
                hasher.hash(rawKey), Timestamp.from(clock.instant()));
        return found.stream().findFirst();
    }
}
