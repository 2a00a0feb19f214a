package io.billing.ledger.api.dunning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Retry the charge now: {@code payment_method} (a new default payment method; a no-op when it
 * cannot), or {@code operator} (POST /v1/dunning/{id}/retry-now; refused with a 409 when it cannot).
 * {@code at}: when, on the case's clock (null: now).
 */
public record RetryDunningNow(@TargetAggregateIdentifier String dunningId, RetryTrigger trigger, Instant at) {
}
