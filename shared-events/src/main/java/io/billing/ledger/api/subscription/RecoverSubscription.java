package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent when the payment that made a subscription past due succeeded. */
public record RecoverSubscription(@TargetAggregateIdentifier String subscriptionId, String invoiceId, Instant at) {

    /** Now, on the subscription's clock. */
    public RecoverSubscription(String subscriptionId, String invoiceId) {
        this(subscriptionId, invoiceId, null);
    }
}
