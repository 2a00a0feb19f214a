package io.billing.ledger.api.dunning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The billing scheduler: the case's next step fell due at {@code dueAt} (a retry, or a checkpoint of the ladder). */
public record RunDunningStep(@TargetAggregateIdentifier String dunningId, Instant dueAt) {
}
