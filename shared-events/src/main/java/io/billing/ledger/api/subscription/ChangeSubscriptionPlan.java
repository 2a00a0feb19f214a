package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves a subscription to another plan and/or quantity; {@code quantity} null keeps it. */
public record ChangeSubscriptionPlan(@TargetAggregateIdentifier String subscriptionId,
                                     String planId,
                                     Long quantity,
                                     ProrationBehavior prorationBehavior) {
}
