package io.billing.ledger.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the payment whether {@code amountCents} (null: all that is left) may be refunded and
 * answers {@link RefundTerms}; it records nothing. A payment that never succeeded is a 409, more
 * than what is left a 400.
 */
public record PrepareRefund(@TargetAggregateIdentifier String paymentId, Long amountCents) {
}
