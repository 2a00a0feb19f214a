package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A voided invoice is replaced by {@code newInvoiceId}, a draft of {@code lines} for the same
 * period: the voided invoice's lines without the customer credit it had applied (given back on the
 * void, so the replacement applies credit afresh). Everything the replacement needs is here, so
 * whoever drafts it reads nothing else.
 */
public record InvoiceRegenerated(String invoiceId,
                                 String newInvoiceId,
                                 String customerId,
                                 String subscriptionId,
                                 String testClockId,
                                 String currency,
                                 InvoiceReason reason,
                                 BillingPeriod period,
                                 List<InvoiceLine> lines,
                                 Map<String, String> metadata,
                                 Instant regeneratedAt) {

    public InvoiceRegenerated {
        lines = List.copyOf(lines);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
