package io.billing.ledger.api.dunning;

import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;
import java.util.List;

/**
 * The first failed charge of an invoice opened its dunning case (webhook type {@code dunning.started}).
 * The policy in force is recorded with it ({@code maxRetries}, {@code scheduleMinutes} counted from
 * {@code startedAt}, the {@code escalation} ladder), so a later change of settings does not change
 * the course of a case already running, and a replay gives the same case.
 */
public record DunningStarted(String dunningId,
                             String invoiceId,
                             String subscriptionId,
                             String customerId,
                             String testClockId,
                             String paymentId,
                             String failureCode,
                             String declineCode,
                             FailureKind failureKind,
                             int maxRetries,
                             List<Long> scheduleMinutes,
                             List<Escalation> escalation,
                             Instant startedAt) {
}
