package io.billing.ledger.api.dunning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** POST /v1/dunning/{id}/pause-escalation. */
public record HoldDunningEscalation(@TargetAggregateIdentifier String dunningId) {
}
