package io.billing.ledger.api.dunning;

import io.billing.ledger.api.payment.FailureKind;

import java.time.Instant;

/**
 * A charge of the invoice failed while the case was open: retry {@code retryNumber}'s outcome, or
 * (retryNumber null) an attempt made outside dunning, e.g. {@code POST /v1/invoices/{id}/pay}.
 * {@code failureKind} decides the path from here.
 */
public record DunningPaymentFailed(String dunningId, String invoiceId, Integer retryNumber, String paymentId,
                                   String failureCode, String declineCode, FailureKind failureKind, Instant failedAt) {
}
