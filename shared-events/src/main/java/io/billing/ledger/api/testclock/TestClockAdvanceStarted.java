package io.billing.ledger.api.testclock;

import java.time.Instant;

public record TestClockAdvanceStarted(String testClockId, Instant from, Instant to) {
}
