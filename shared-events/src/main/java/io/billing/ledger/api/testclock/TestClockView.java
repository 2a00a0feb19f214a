package io.billing.ledger.api.testclock;

import java.time.Instant;

/** A test clock as the API shows it; {@code advancingTo} is set while it advances. */
public record TestClockView(String id,
                            String name,
                            Instant frozenTime,
                            TestClockStatus status,
                            Instant advancingTo,
                            Instant createdAt,
                            Instant updatedAt,
                            long version) {
}
