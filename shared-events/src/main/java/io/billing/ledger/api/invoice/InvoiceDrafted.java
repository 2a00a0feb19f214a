package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An invoice was drafted. {@code subtotal} = Σ lines, {@code tax} = 0 (the seed's
 * placeholder), {@code total} = subtotal + tax but never below zero: a net credit becomes
 * {@code creditCarriedForward}, applied first on the customer's next invoice. A regenerated draft
 * names the voided invoice it replaces ({@code replacesInvoiceId}, else null).
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
                             Instant finalizeAt,
                             Map<String, String> metadata,
                             String replacesInvoiceId) {

    public InvoiceDrafted {
        // events recorded before metadata existed read as none; the order given is kept
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public InvoiceDrafted(String invoiceId, String customerId, String subscriptionId, String testClockId,
                          InvoiceReason reason, BillingPeriod period, List<InvoiceLine> lines, Money subtotal,
                          Money tax, Money total, Money creditCarriedForward, Instant draftedAt, Instant finalizeAt) {
        this(invoiceId, customerId, subscriptionId, testClockId, reason, period, lines, subtotal, tax, total,
                creditCarriedForward, draftedAt, finalizeAt, Map.of(), null);
    }
}
