package io.billing.ledger.api.dunning;

import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;

/** One retry of a case: when, why, and what came of it ({@code pending}, {@code failed}, {@code succeeded}). */
public record DunningAttemptView(int retryNumber, Instant attemptedAt, RetryTrigger trigger, String outcome,
                                 String paymentId, String failureCode, String declineCode, FailureKind failureKind) {
}
