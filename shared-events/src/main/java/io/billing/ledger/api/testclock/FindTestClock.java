package io.billing.ledger.api.testclock;

public record FindTestClock(String testClockId, long minVersion) {
}
