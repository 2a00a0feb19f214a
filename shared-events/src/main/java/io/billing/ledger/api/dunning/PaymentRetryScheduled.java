package io.billing.ledger.api.dunning;

import java.time.Instant;

/** Retry {@code retryNumber} will charge the invoice at {@code retryAt}, the schedule's {@code step}-th time (webhook type {@code dunning.retry_scheduled}). */
public record PaymentRetryScheduled(String dunningId, String invoiceId, int retryNumber, int step, Instant retryAt,
                                    Instant scheduledAt) {
}
