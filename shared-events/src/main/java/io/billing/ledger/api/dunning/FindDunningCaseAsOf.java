package io.billing.ledger.api.dunning;

import java.time.Instant;

/** The dunning case as it was at {@code asOf} (by its own clock), rebuilt from its events recorded until then. */
public record FindDunningCaseAsOf(String dunningId, Instant asOf) {
}
