package io.billing.ledger.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The customer must authenticate the charge (SCA) at {@code nextActionUrl}. */
public record RecordPaymentActionRequired(@TargetAggregateIdentifier String paymentId,
                                          String paymentIntentId,
                                          String nextActionUrl,
                                          String failureCode,
                                          String declineCode,
                                          String failureMessage,
                                          Instant at) {
}
