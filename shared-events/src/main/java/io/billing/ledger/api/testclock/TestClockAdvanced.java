package io.billing.ledger.api.testclock;

import java.time.Instant;

/** All work due up to {@code frozenTime} is done; the clock is ready. */
public record TestClockAdvanced(String testClockId, Instant frozenTime) {
}
