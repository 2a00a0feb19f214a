package io.billing.ledger.saga.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.webhook.WebhookEventView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery log ({@code webhook_deliveries}, {@code webhook_attempts}): what the outbox
 * queued, what the workers claimed and how each attempt went. A claim is a lease: a worker
 * marks the rows it takes ({@code FOR UPDATE SKIP LOCKED}, so two workers or nodes never take
 * the same row) and commits at once; the HTTP call runs outside any transaction; its outcome
 * is recorded only under the same claim. A worker that dies leaves a claim that lapses, and
 * another worker tries again: at-least-once.
 */
@Component
public class WebhookDeliveryLog {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private static final String COLUMNS = "id, type, payload, endpoint_id, status, attempt_count, last_attempt_at, "
            + "next_attempt_at, last_response_status, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectMapper json;

    public WebhookDeliveryLog(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    /** In the outbox's transaction; a second delivery of the same event changes nothing. */
    void enqueue(NewDelivery delivery) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                        INSERT INTO webhook_deliveries (id, endpoint_id, type, resource_kind, resource_id, resource_version,
                            event_created_at, event_position, status, next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                delivery.id(), delivery.endpointId(), delivery.type(), delivery.resource().name(), delivery.resourceId(),
                delivery.resourceVersion(), Timestamp.from(delivery.eventCreatedAt()), delivery.eventPosition(),
                now, now, now);
    }

    /** Deleting an endpoint stops its deliveries: what was still pending is failed. */
    void endpointDeleted(String endpointId, Instant at) {
        jdbc.update("""
                        UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = ?
                        WHERE endpoint_id = ? AND status = 'pending'""",
                Timestamp.from(at), endpointId);
    }

    /**
     * Takes up to {@code limit} due deliveries of active endpoints, skipping the endpoints in
     * {@code saturated} (their concurrency limit is reached on this node), for {@code lease}.
     */
    List<Claimed> claim(int limit, Collection<String> saturated, java.time.Duration lease) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            String excluded = saturated.isEmpty() ? ""
                    : " AND d.endpoint_id NOT IN (" + String.join(",", java.util.Collections.nCopies(saturated.size(), "?")) + ")";
            List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(now), Timestamp.from(now)));
            arguments.addAll(saturated);
            arguments.add(limit);
            List<Claimed> taken = jdbc.query("""
                            SELECT d.id, d.endpoint_id, d.type, d.resource_kind, d.resource_id, d.resource_version,
                                   d.event_created_at, d.payload, d.retry_index
                            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.endpoint_id = d.endpoint_id
                            WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                              AND (d.claimed_until IS NULL OR d.claimed_until < ?)
                              AND e.active AND NOT e.deleted""" + excluded + " " + """
                             ORDER BY d.next_attempt_at, d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED""",
                    (rs, row) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3),
                            WebhookEventMapping.Resource.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6),
                            rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getInt(9), UUID.randomUUID().toString()),
                    arguments.toArray());
            for (Claimed claimed : taken) {
                jdbc.update("UPDATE webhook_deliveries SET claim_token = ?, claimed_until = ? WHERE id = ?",
                        claimed.claimToken(), Timestamp.from(now.plus(lease)), claimed.id());
            }
            return taken;
        });
    }

    /** Gives a claimed row back untried (its endpoint was busy, or its payload not renderable yet). */
    void release(Claimed claimed, Instant retryAt) {
        jdbc.update("""
                        UPDATE webhook_deliveries SET claim_token = NULL, claimed_until = NULL, next_attempt_at = ?
                        WHERE id = ? AND claim_token = ?""",
                Timestamp.from(retryAt), claimed.id(), claimed.claimToken());
    }

    /** Fixes the body at the first attempt: every retry, redelivery and replay sends (and signs) the same bytes. */
    void fixPayload(Claimed claimed, String payload) {
        jdbc.update("UPDATE webhook_deliveries SET payload = ? WHERE id = ? AND claim_token = ? AND payload IS NULL",
                payload, claimed.id(), claimed.claimToken());
    }

    /**
     * Records an attempt and what follows it: {@code delivered}, a retry at {@code nextAttemptAt},
     * or {@code failed} (nextAttemptAt null). Nothing if the claim lapsed and another worker took over.
     */
    boolean recordAttempt(Claimed claimed, Attempt attempt, String newStatus, Instant nextAttemptAt, boolean retryUsed) {
        Boolean recorded = transactions.execute(status -> {
            List<Integer> counts = jdbc.query("""
                            SELECT attempt_count FROM webhook_deliveries WHERE id = ? AND claim_token = ? FOR UPDATE""",
                    (rs, row) -> rs.getInt(1), claimed.id(), claimed.claimToken());
            if (counts.isEmpty()) {
                return false;
            }
            int number = counts.get(0) + 1;
            jdbc.update("""
                            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms,
                                response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    claimed.id(), number, Timestamp.from(attempt.attemptedAt()), attempt.statusCode(),
                    attempt.durationMs(), attempt.responseBody(), attempt.error());
            jdbc.update("""
                            UPDATE webhook_deliveries SET status = ?, attempt_count = ?, retry_index = retry_index + ?,
                                last_attempt_at = ?, next_attempt_at = ?, last_response_status = ?,
                                claim_token = NULL, claimed_until = NULL, updated_at = ?
                            WHERE id = ?""",
                    newStatus, number, retryUsed ? 1 : 0, Timestamp.from(attempt.attemptedAt()),
                    nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), attempt.statusCode(),
                    Timestamp.from(clock.instant()), claimed.id());
            return true;
        });
        return Boolean.TRUE.equals(recorded);
    }

    /** Queues a delivery again now, with a fresh retry schedule; its id and body stay. */
    boolean redeliver(String id) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("""
                        UPDATE webhook_deliveries SET status = 'pending', retry_index = 0, next_attempt_at = ?, updated_at = ?
                        WHERE id = ?""", now, now, id) > 0;
    }

    /** Queues again the endpoint's deliveries created in [since, until) with the given status (null: all). */
    int replay(String endpointId, Instant since, Instant until, String status) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("""
                        UPDATE webhook_deliveries SET status = 'pending', retry_index = 0, next_attempt_at = ?, updated_at = ?
                        WHERE endpoint_id = ? AND created_at >= ? AND created_at < ? AND (?::varchar IS NULL OR status = ?)""",
                now, now, endpointId, Timestamp.from(since), Timestamp.from(until), status, status);
    }

    Optional<WebhookEventView> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = ?", viewMapper(), id)
                .stream().findFirst().map(view -> withAttempts(List.of(view)).get(0));
    }

    PageResult<WebhookEventView> list(String endpointId, String status, String type, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> arguments = new ArrayList<>();
        if (endpointId != null) {
            where.append(" AND endpoint_id = ?");
            arguments.add(endpointId);
        }
        if (status != null) {
            where.append(" AND status = ?");
            arguments.add(status);
        }
        if (type != null) {
            where.append(" AND type = ?");
            arguments.add(type);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries" + where, Long.class,
                arguments.toArray());
        List<Object> paged = new ArrayList<>(arguments);
        paged.add(page.pageSize());
        paged.add(page.offset());
        List<WebhookEventView> items = jdbc.query("SELECT " + COLUMNS + " FROM webhook_deliveries" + where
                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", viewMapper(), paged.toArray());
        return new PageResult<>(withAttempts(items), page.page(), page.pageSize(), total == null ? 0 : total);
    }

    private List<WebhookEventView> withAttempts(List<WebhookEventView> views) {
        if (views.isEmpty()) {
            return views;
        }
        Map<String, List<WebhookEventView.Attempt>> attempts = new LinkedHashMap<>();
        views.forEach(view -> attempts.put(view.id(), new ArrayList<>()));
        String placeholders = String.join(",", java.util.Collections.nCopies(attempts.size(), "?"));
        jdbc.query("""
                        SELECT delivery_id, attempted_at, status_code, duration_ms, response_body, error
                        FROM webhook_attempts WHERE delivery_id IN (""" + placeholders + " " + """
                        ) ORDER BY delivery_id, attempt""",
                rs -> {
                    int code = rs.getInt(3);
                    Integer statusCode = rs.wasNull() ? null : code;
                    attempts.get(rs.getString(1)).add(new WebhookEventView.Attempt(rs.getTimestamp(2).toInstant(),
                            statusCode, rs.getLong(4), rs.getString(5), rs.getString(6)));
                }, attempts.keySet().toArray());
        return views.stream().map(view -> new WebhookEventView(view.id(), view.type(), view.payload(),
                view.webhookSubscriptionId(), view.status(), view.attemptCount(), view.lastAttemptAt(),
                view.nextAttemptAt(), view.lastResponseStatus(), view.createdAt(), view.updatedAt(),
                List.copyOf(attempts.get(view.id())))).toList();
    }

    private RowMapper<WebhookEventView> viewMapper() {
        return (rs, row) -> {
            int lastStatus = rs.getInt("last_response_status");
            Integer lastResponseStatus = rs.wasNull() ? null : lastStatus;
            return new WebhookEventView(rs.getString("id"), rs.getString("type"), parse(rs.getString("payload")),
                    rs.getString("endpoint_id"), rs.getString("status"), rs.getInt("attempt_count"),
                    instant(rs.getTimestamp("last_attempt_at")), instant(rs.getTimestamp("next_attempt_at")),
                    lastResponseStatus, rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant(), List.of());
        };
    }

    private Map<String, Object> parse(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return json.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored webhook payload is not JSON", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    record NewDelivery(String id, String endpointId, String type, WebhookEventMapping.Resource resource,
                       String resourceId, long resourceVersion, Instant eventCreatedAt, Long eventPosition) {
    }

    record Claimed(String id, String endpointId, String type, WebhookEventMapping.Resource resource, String resourceId,
                   long resourceVersion, Instant eventCreatedAt, String payload, int retryIndex, String claimToken) {
    }

    record Attempt(Instant attemptedAt, Integer statusCode, long durationMs, String responseBody, String error) {
    }
}
