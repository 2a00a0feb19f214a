package io.billing.ledger.api.subscription;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The current period of a subscription ended at {@code expectedPeriodEnd}: end the trial,
 * renew, or carry out a cancellation scheduled for the period end. Idempotent: when the
 * period no longer ends there (it was handled already), nothing happens.
 */
public record RenewSubscription(@TargetAggregateIdentifier String subscriptionId, Instant expectedPeriodEnd) {
}
