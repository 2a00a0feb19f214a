package io.billing.ledger.api.metrics;

import java.time.Instant;

/** The monthly cohorts of one currency whose first paid month lies in the window, month by month to {@code to}. */
public record FindCohorts(Instant from, Instant to, String currency) {
}
