package io.billing.ledger.projection.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the API key list; {@link #versionOf} serves read-your-writes. */
@Component
public class ApiKeyDirectory {

    // lastUsedAt is telemetry kept beside the directory (ApiKeyLastUse), not built from events
    private static final String COLUMNS = "d.id, d.name, d.key_prefix, d.scopes, d.expires_at, d.created_at, "
            + "d.revoked_at, d.version, u.last_used_at";
    private static final String FROM = " FROM api_key_directory d LEFT JOIN api_key_last_use u ON u.key_id = d.id";

    private final JdbcTemplate jdbc;
    private final RowMapper<Row> mapper = (rs, row) -> new Row(new ApiKeyView(rs.getString("id"),
            rs.getString("name"), rs.getString("key_prefix"),
            Arrays.stream(rs.getString("scopes").split(",")).map(ApiKeyScope::fromWire)
                    .toList(),
            rs.getTimestamp("revoked_at") != null, instant(rs.getTimestamp("last_used_at")),
            instant(rs.getTimestamp("expires_at")),
            rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("revoked_at"))),
            rs.getLong("version"));

    public ApiKeyDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> find(String apiKeyId) {
        return jdbc.query("SELECT " + COLUMNS + FROM + " WHERE d.id = ?", mapper, apiKeyId)
                .stream().findFirst();
    }

    public PageResult<ApiKeyView> list(PageRequest page) {
        Long total = jdbc.queryForObject("SELECT count(*) FROM api_key_directory", Long.class);
        List<ApiKeyView> items = jdbc.query("SELECT " + COLUMNS + FROM
                        + " ORDER BY d.created_at DESC, d.id LIMIT " + page.pageSize() + " OFFSET " + page.offset(),
                mapper).stream().map(Row::view).toList();
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A key's view with the version of the row, which the view itself does not show. */
    public record Row(ApiKeyView view, long version) {
    }
}
