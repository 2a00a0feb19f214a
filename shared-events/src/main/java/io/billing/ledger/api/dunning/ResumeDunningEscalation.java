package io.billing.ledger.api.dunning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** POST /v1/dunning/{id}/resume-escalation. */
public record ResumeDunningEscalation(@TargetAggregateIdentifier String dunningId) {
}
