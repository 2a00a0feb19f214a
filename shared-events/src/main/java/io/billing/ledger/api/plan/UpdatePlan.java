package io.billing.ledger.api.plan;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * Changes the descriptive fields of a plan. A {@code null} field is left as it is; an
 * empty description clears it. Prices are immutable: a new price is a new plan.
 */
public record UpdatePlan(@TargetAggregateIdentifier String planId,
                         String name,
                         String description,
                         Integer trialPeriodDays,
                         Map<String, Object> metadata) {
}
