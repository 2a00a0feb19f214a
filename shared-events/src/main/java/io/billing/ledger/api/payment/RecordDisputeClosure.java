package io.billing.ledger.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The dispute closed; {@code outcome} is Stripe's status at closing, {@code won} or {@code lost}. */
public record RecordDisputeClosure(@TargetAggregateIdentifier String paymentId,
                                   String disputeId,
                                   String outcome,
                                   Instant at) {
}
