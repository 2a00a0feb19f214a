package io.billing.ledger.api.plan;

import java.time.Instant;

/** The plan as it was at {@code asOf} (by its own clock), rebuilt from its events recorded until then. */
public record FindPlanAsOf(String planId, Instant asOf) {
}
