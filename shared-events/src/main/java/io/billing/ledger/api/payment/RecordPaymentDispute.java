package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The customer's bank disputes the charge ({@code dp_…}). */
public record RecordPaymentDispute(@TargetAggregateIdentifier String paymentId,
                                   String disputeId,
                                   Money amount,
                                   String reason,
                                   Instant at) {
}
