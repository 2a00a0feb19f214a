package io.billing.ledger.api.invoice;

import java.time.Instant;

/** The customer must authenticate the charge at {@code nextActionUrl} (webhook type {@code invoice.payment_action_required}). */
public record InvoicePaymentActionRequired(String invoiceId, String paymentId, String nextActionUrl, Instant at) {
}
