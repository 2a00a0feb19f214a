package io.billing.ledger.api.usage;

import java.time.Instant;
import java.util.Map;

/** A usage record as the API shows it. */
public record UsageRecordView(String id,
                              String subscriptionId,
                              String idempotencyKey,
                              long quantity,
                              Instant timestamp,
                              Map<String, Object> properties,
                              Instant periodStart,
                              Instant periodEnd,
                              Instant createdAt) {
}
