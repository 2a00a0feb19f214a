package io.billing.ledger.api.dunning;

import java.time.Instant;

/**
 * Retry {@code retryNumber} charges the invoice now (a new payment attempt on it); {@code step} is
 * the schedule's step it stands for, null for an immediate retry ({@code trigger} payment_method or
 * operator). Its outcome follows as {@link DunningPaymentFailed} or {@link DunningResolved}.
 */
public record PaymentRetryAttempted(String dunningId, String invoiceId, int retryNumber, Integer step,
                                    RetryTrigger trigger, Instant attemptedAt) {
}
