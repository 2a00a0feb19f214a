package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;
import java.util.List;

/**
 * Drafts an invoice with the lines the invoicing policy computed. {@code period} with
 * {@code reason} identifies what is invoiced: a (subscription, period, reason) is invoiced
 * at most once.
 */
public record DraftInvoice(String invoiceId,
                           String customerId,
                           String subscriptionId,
                           String testClockId,
                           String currency,
                           InvoiceReason reason,
                           BillingPeriod period,
                           List<InvoiceLine> lines,
                           Instant draftedAt,
                           Instant finalizeAt) {
}
