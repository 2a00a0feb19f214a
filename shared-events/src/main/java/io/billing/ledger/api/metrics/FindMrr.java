package io.billing.ledger.api.metrics;

import java.time.Instant;

/** MRR of one currency at each point from {@code from} to {@code to}, and its movements between them. */
public record FindMrr(Instant from, Instant to, MetricsInterval interval, String currency) {
}
