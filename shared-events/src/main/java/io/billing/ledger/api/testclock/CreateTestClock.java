package io.billing.ledger.api.testclock;

import java.time.Instant;

public record CreateTestClock(String testClockId, String name, Instant frozenTime) {
}
