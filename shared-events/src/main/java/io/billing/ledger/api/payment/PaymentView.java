package io.billing.ledger.api.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * The seed's Payment resource, exactly its fields ({@code id} … {@code updatedAt}), plus
 * {@code customerId}, {@code declineCode}, {@code failureKind}, {@code amountRefundedCents} and
 * {@code nextAction} (the url the customer must visit, while a charge waits for authentication).
 * {@code attemptCount} is the attempt of its invoice this payment is. {@code version} (the last
 * event applied) is for read-your-writes and not shown.
 */
public record PaymentView(String id,
                          String invoiceId,
                          String customerId,
                          long amountCents,
                          String currency,
                          PaymentStatus status,
                          String stripePaymentIntentId,
                          String failureCode,
                          String declineCode,
                          String failureMessage,
                          FailureKind failureKind,
                          long amountRefundedCents,
                          String nextAction,
                          int attemptCount,
                          Instant createdAt,
                          Instant updatedAt,
                          @JsonIgnore long version) {
}
