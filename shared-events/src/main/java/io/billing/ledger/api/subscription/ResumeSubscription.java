package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResumeSubscription(@TargetAggregateIdentifier String subscriptionId) {
}
