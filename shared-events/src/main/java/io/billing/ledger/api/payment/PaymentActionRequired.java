package io.billing.ledger.api.payment;

import java.time.Instant;

/**
 * The charge waits for the customer to authenticate at {@code nextActionUrl} (SCA); the payment
 * stays {@code pending} and a later success or failure ends it.
 */
public record PaymentActionRequired(String paymentId,
                                    String invoiceId,
                                    String customerId,
                                    String paymentIntentId,
                                    String nextActionUrl,
                                    String failureCode,
                                    String declineCode,
                                    String failureMessage,
                                    Instant at) {
}
