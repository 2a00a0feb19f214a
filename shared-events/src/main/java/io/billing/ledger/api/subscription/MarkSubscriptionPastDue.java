package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by dunning when a payment fails. */
public record MarkSubscriptionPastDue(@TargetAggregateIdentifier String subscriptionId, String invoiceId) {
}
