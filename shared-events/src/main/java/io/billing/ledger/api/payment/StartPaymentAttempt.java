package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens one charge attempt of an invoice under its deterministic id
 * ({@code Ids.derived(PAYMENT, invoiceId, attempt)}); starting the same attempt again changes
 * nothing. {@code paymentMethodId} null: the customer has none to charge. {@code startedAt}: the
 * attempt's time on its invoice's clock.
 */
public record StartPaymentAttempt(@TargetAggregateIdentifier String paymentId,
                                  String invoiceId,
                                  String customerId,
                                  Money amount,
                                  int attempt,
                                  String paymentMethodId,
                                  String testClockId,
                                  java.time.Instant startedAt) {
}
