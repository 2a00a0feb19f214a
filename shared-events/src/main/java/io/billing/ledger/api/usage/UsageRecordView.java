package io.billing.ledger.api.usage;

import java.time.Instant;
import java.util.Map;

/**
 * A usage record as the API shows it. {@code status} is {@code recorded}, or {@code voided}
 * once {@link UsageRecordVoided} took it out of its period's total ({@code voidedAt} then says
 * when, by the record's clock).
 */
public record UsageRecordView(String id,
                              String subscriptionId,
                              String idempotencyKey,
                              long quantity,
                              Instant timestamp,
                              Map<String, Object> properties,
                              Instant periodStart,
                              Instant periodEnd,
                              Instant createdAt,
                              String status,
                              Instant voidedAt) {

    public static final String RECORDED = "recorded";
    public static final String VOIDED = "voided";

    /** A record as accepted: it counts. */
    public UsageRecordView(String id, String subscriptionId, String idempotencyKey, long quantity, Instant timestamp,
                           Map<String, Object> properties, Instant periodStart, Instant periodEnd, Instant createdAt) {
        this(id, subscriptionId, idempotencyKey, quantity, timestamp, properties, periodStart, periodEnd, createdAt,
                RECORDED, null);
    }
}
