package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Drafts an invoice with the lines the invoicing policy computed. {@code period} with
 * {@code reason} identifies what is invoiced: a (subscription, period, reason) is invoiced
 * at most once. {@code replacesInvoiceId} names the voided invoice a regenerated draft replaces.
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
                           Instant finalizeAt,
                           Map<String, String> metadata,
                           String replacesInvoiceId) {

    public DraftInvoice(String invoiceId, String customerId, String subscriptionId, String testClockId,
                        String currency, InvoiceReason reason, BillingPeriod period, List<InvoiceLine> lines,
                        Instant draftedAt, Instant finalizeAt) {
        this(invoiceId, customerId, subscriptionId, testClockId, currency, reason, period, lines, draftedAt, finalizeAt,
                Map.of(), null);
    }
}
