package io.billing.ledger.api.payment;

import java.time.Instant;

/**
 * The attempt failed (webhook type {@code payment.failed}). {@code failureKind} is
 * {@link FailureKind#classify} of the codes, decided once here, so that dunning reads it.
 */
public record PaymentFailed(String paymentId,
                            String invoiceId,
                            String customerId,
                            String paymentIntentId,
                            String failureCode,
                            String declineCode,
                            String failureMessage,
                            FailureKind failureKind,
                            int attempt,
                            Instant failedAt) {
}
