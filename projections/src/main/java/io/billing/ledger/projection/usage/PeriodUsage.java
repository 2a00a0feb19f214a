package io.billing.ledger.projection.usage;

import java.time.Instant;

/** One billing period of a subscription with the usage recorded towards it. */
public record PeriodUsage(Instant start, Instant end, boolean closed, long totalQuantity, long eventCount) {
}
