package io.billing.ledger.api.testclock;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by the scheduler once no work of the clock's customers is due at or before {@code frozenTime}. */
public record CompleteTestClockAdvance(@TargetAggregateIdentifier String testClockId, Instant frozenTime) {
}
