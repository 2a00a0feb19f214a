package io.billing.ledger.api.testclock;

import java.time.Instant;

public record TestClockCreated(String testClockId, String name, Instant frozenTime) {
}
