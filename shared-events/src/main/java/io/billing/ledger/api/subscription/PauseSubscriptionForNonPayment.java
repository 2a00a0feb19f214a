package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Dunning's pause rung (sent by the dunning process in its own transaction, so it never refuses): an
 * active or past-due subscription pauses; any other state stands.
 */
public record PauseSubscriptionForNonPayment(@TargetAggregateIdentifier String subscriptionId, String invoiceId, Instant at) {

    /** Now, on the subscription's clock. */
    public PauseSubscriptionForNonPayment(String subscriptionId, String invoiceId) {
        this(subscriptionId, invoiceId, null);
    }
}
