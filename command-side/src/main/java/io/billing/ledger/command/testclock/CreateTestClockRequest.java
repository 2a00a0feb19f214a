package io.billing.ledger.command.testclock;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

public record CreateTestClockRequest(@NotNull Instant frozenTime, @Size(max = 100) String name) {
}
