package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Undoes a cancellation (immediate or scheduled) while the paid period has not ended. */
public record ReactivateSubscription(@TargetAggregateIdentifier String subscriptionId) {
}
