package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent when the payment that made a subscription past due succeeded. */
public record RecoverSubscription(@TargetAggregateIdentifier String subscriptionId, String invoiceId) {
}
