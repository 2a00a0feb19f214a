package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by dunning when a payment fails. */
public record MarkSubscriptionPastDue(@TargetAggregateIdentifier String subscriptionId, String invoiceId, Instant at) {

    /** Now, on the subscription's clock. */
    public MarkSubscriptionPastDue(String subscriptionId, String invoiceId) {
        this(subscriptionId, invoiceId, null);
    }
}
