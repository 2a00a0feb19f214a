package io.billing.ledger.server.projection;

import java.time.Duration;

/** What was measured for one dead-lettering projection: events parked, and its lag ({@link ProjectionLag}). */
public record ProjectionState(String processor, long deadLetters, Duration lag) {
}
