package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * An invoice was drafted. {@code subtotal} = Σ lines, {@code tax} = 0 (the seed's
 * placeholder), {@code total} = subtotal + tax but never below zero: a net credit becomes
 * {@code creditCarriedForward}, applied first on the customer's next invoice.
 */
public record InvoiceDrafted(String invoiceId,
                             String customerId,
                             String subscriptionId,
                             String testClockId,
                             InvoiceReason reason,
                             BillingPeriod period,
                             List<InvoiceLine> lines,
                             Money subtotal,
                             Money tax,
                             Money total,
                             Money creditCarriedForward,
                             Instant draftedAt,
                             Instant finalizeAt) {
}
