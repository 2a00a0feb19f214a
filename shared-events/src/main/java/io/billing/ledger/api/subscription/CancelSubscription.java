package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels now (default) or at the end of the period; {@code prorate} credits the unused time of an immediate cancel. */
public record CancelSubscription(@TargetAggregateIdentifier String subscriptionId, boolean atPeriodEnd, boolean prorate) {
}
