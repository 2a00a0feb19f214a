package io.billing.ledger.command.testclock;

import jakarta.validation.constraints.NotNull;

import java.time.Instant;

public record AdvanceTestClockRequest(@NotNull Instant frozenTime) {
}
