package io.billing.ledger.api.payment;

import io.billing.ledger.api.common.PageRequest;

/** Payments, newest first; each filter may be null. */
public record ListPayments(String invoiceId, String customerId, PaymentStatus status, PageRequest page) {
}
