package io.billing.ledger.api.payment;

import java.time.Instant;

/** The payment as it was at {@code asOf} (by its own clock), rebuilt from its events recorded until then. */
public record FindPaymentAsOf(String paymentId, Instant asOf) {
}
