package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted usage record. Appended straight to the event store (no aggregate is loaded:
 * ingestion must be fast); the idempotency key was made unique in the same transaction.
 * {@code period} is the billing period the record counts towards, decided at ingestion.
 */
public record UsageRecorded(String recordId,
                            String subscriptionId,
                            String idempotencyKey,
                            long quantity,
                            Instant timestamp,
                            Map<String, Object> properties,
                            BillingPeriod period) {
}
