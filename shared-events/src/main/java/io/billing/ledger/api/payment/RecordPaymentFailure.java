package io.billing.ledger.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The processor declined or errored (Stripe's {@code code}, {@code decline_code} and message). */
public record RecordPaymentFailure(@TargetAggregateIdentifier String paymentId,
                                   String paymentIntentId,
                                   String failureCode,
                                   String declineCode,
                                   String failureMessage,
                                   Instant at) {
}
