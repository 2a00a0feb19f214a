package io.billing.ledger.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The processor says the PaymentIntent succeeded; {@code at} null: now on the payment's clock. */
public record RecordPaymentSucceeded(@TargetAggregateIdentifier String paymentId,
                                     String paymentIntentId,
                                     Instant at) {
}
