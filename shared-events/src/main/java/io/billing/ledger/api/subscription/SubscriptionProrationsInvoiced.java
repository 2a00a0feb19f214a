package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The pending proration lines were invoiced on demand (POST /v1/invoices) as invoice
 * {@code invoiceId}, with the request's {@code metadata}; the subscription holds them no longer.
 */
public record SubscriptionProrationsInvoiced(String subscriptionId, String invoiceId, List<ProrationLine> lines,
                                             Instant invoicedAt, Map<String, String> metadata) {

    public SubscriptionProrationsInvoiced {
        metadata = metadata == null ? Map.of() : metadata; // recorded before the request's metadata was carried
    }

    public SubscriptionProrationsInvoiced(String subscriptionId, String invoiceId, List<ProrationLine> lines,
                                          Instant invoicedAt) {
        this(subscriptionId, invoiceId, lines, invoicedAt, Map.of());
    }
}
