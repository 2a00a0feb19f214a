package io.billing.ledger.api.plan;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ArchivePlan(@TargetAggregateIdentifier String planId) {
}
