package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code webhook_endpoints} table: the endpoints folded from their events by the outbox
 * (so an endpoint receives exactly the events recorded after its registration), read by the
 * workers (URL, sealed secrets) and by the API (without the secrets).
 */
@Component
public class WebhookEndpoints {

    private static final String VIEW_COLUMNS = "endpoint_id, url, event_types, description, active, created_at, updated_at, "
            + "version, deleted";

    private final JdbcTemplate jdbc;
    private final RowMapper<Versioned> viewMapper = (rs, row) -> new Versioned(new WebhookSubscriptionView(
            rs.getString("endpoint_id"), rs.getString("url"), types(rs.getString("event_types")),
            rs.getBoolean("active"), rs.getString("description"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant()), rs.getLong("version"), rs.getBoolean("deleted"));

    public WebhookEndpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void on(WebhookEndpointRegistered event, long version, Instant at) {
        jdbc.update("""
                        INSERT INTO webhook_endpoints (endpoint_id, url, event_types, description, active, sealed_secret,
                                                       created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, TRUE, ?, ?, ?, ?) ON CONFLICT (endpoint_id) DO NOTHING""",
                event.endpointId(), event.url(), String.join(",", event.eventTypes()), event.description(),
                event.sealedSecret(), Timestamp.from(at), Timestamp.from(at), version);
    }

    /** A change (a re-activation above all) starts the failure count afresh. */
    void on(WebhookEndpointUpdated event, long version, Instant at) {
        jdbc.update("""
                        UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, active = ?,
                            failing_since = NULL, updated_at = ?, version = ?
                        WHERE endpoint_id = ? AND version < ?""",
                event.url(), String.join(",", event.eventTypes()), event.description(), event.active(),
                Timestamp.from(at), version, event.endpointId(), version);
    }

    void on(WebhookEndpointSecretRotated event, long version, Instant at) {
        jdbc.update("""
                        UPDATE webhook_endpoints SET sealed_secret = ?, previous_sealed_secret = ?, previous_valid_until = ?,
                            updated_at = ?, version = ?
                        WHERE endpoint_id = ? AND version < ?""",
                event.sealedSecret(), event.previousSealedSecret(), Timestamp.from(event.previousValidUntil()),
                Timestamp.from(at), version, event.endpointId(), version);
    }

    void on(WebhookEndpointDisabled event, long version, Instant at) {
        jdbc.update("UPDATE webhook_endpoints SET active = FALSE, updated_at = ?, version = ? WHERE endpoint_id = ? AND version < ?",
                Timestamp.from(at), version, event.endpointId(), version);
    }

    void on(WebhookEndpointDeleted event, long version, Instant at) {
        jdbc.update("""
                        UPDATE webhook_endpoints SET active = FALSE, deleted = TRUE, updated_at = ?, version = ?
                        WHERE endpoint_id = ? AND version < ?""",
                Timestamp.from(at), version, event.endpointId(), version);
    }

    /** The active endpoints and the types each asked for. */
    List<Subscriber> activeSubscribers() {
        return jdbc.query("SELECT endpoint_id, event_types FROM webhook_endpoints WHERE active AND NOT deleted",
                (rs, row) -> new Subscriber(rs.getString(1), types(rs.getString(2))));
    }

    /** The endpoint's row, deleted or not (a delete's read-your-writes waits for its version too). */
    Optional<Versioned> find(String endpointId) {
        return jdbc.query("SELECT " + VIEW_COLUMNS + " FROM webhook_endpoints WHERE endpoint_id = ?",
                viewMapper, endpointId).stream().findFirst();
    }

    PageResult<WebhookSubscriptionView> list(PageRequest page) {
        Long total = jdbc.queryForObject("SELECT count(*) FROM webhook_endpoints WHERE NOT deleted", Long.class);
        List<WebhookSubscriptionView> items = jdbc.query("SELECT " + VIEW_COLUMNS
                        + " FROM webhook_endpoints WHERE NOT deleted ORDER BY created_at DESC, endpoint_id LIMIT ? OFFSET ?",
                viewMapper, page.pageSize(), page.offset()).stream().map(Versioned::view).toList();
        return new PageResult<>(items, page.page(), page.pageSize(), total == null ? 0 : total);
    }

    /** What a worker needs to send: where, and the sealed secrets that sign (the previous one while it still may). */
    Optional<Target> target(String endpointId) {
        return jdbc.query("""
                        SELECT endpoint_id, url, active, deleted, sealed_secret, previous_sealed_secret, previous_valid_until
                        FROM webhook_endpoints WHERE endpoint_id = ?""",
                (rs, row) -> new Target(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()), endpointId)
                .stream().findFirst();
    }

    /** After a failed attempt: since when the endpoint has been failing (set now if it was not). */
    Instant failingSince(String endpointId, Instant now) {
        jdbc.update("UPDATE webhook_endpoints SET failing_since = ? WHERE endpoint_id = ? AND failing_since IS NULL",
                Timestamp.from(now), endpointId);
        return jdbc.query("SELECT failing_since FROM webhook_endpoints WHERE endpoint_id = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), endpointId).stream().findFirst().orElse(now);
    }

    void succeeded(String endpointId) {
        jdbc.update("UPDATE webhook_endpoints SET failing_since = NULL WHERE endpoint_id = ? AND failing_since IS NOT NULL",
                endpointId);
    }

    static List<String> types(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }

    record Subscriber(String endpointId, List<String> eventTypes) {
    }

    record Versioned(WebhookSubscriptionView view, long version, boolean deleted) {
    }

    record Target(String endpointId, String url, boolean active, boolean deleted, String sealedSecret,
                  String previousSealedSecret, Instant previousValidUntil) {
    }
}
