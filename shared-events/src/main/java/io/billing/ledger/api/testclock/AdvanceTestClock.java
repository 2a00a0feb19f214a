package io.billing.ledger.api.testclock;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Moves a test clock forward to {@code frozenTime}; due work is then carried out in time order. */
public record AdvanceTestClock(@TargetAggregateIdentifier String testClockId, Instant frozenTime) {
}
