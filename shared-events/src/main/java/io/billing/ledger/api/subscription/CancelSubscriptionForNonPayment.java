package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Dunning's cancel rung: the subscription ends now with reason {@code payment_failed}, no credit
 * (the period was not paid). A canceled subscription stays as it is (never refuses: sent by a process).
 */
public record CancelSubscriptionForNonPayment(@TargetAggregateIdentifier String subscriptionId, String invoiceId, Instant at) {

    /** Now, on the subscription's clock. */
    public CancelSubscriptionForNonPayment(String subscriptionId, String invoiceId) {
        this(subscriptionId, invoiceId, null);
    }
}
