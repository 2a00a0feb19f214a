package io.billing.ledger.api.metrics;

import java.time.Instant;

/** Customers and MRR of one currency lost between {@code from} and {@code to}. */
public record FindChurn(Instant from, Instant to, String currency) {
}
