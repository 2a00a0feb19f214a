package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/**
 * The pending proration lines were invoiced on demand (POST /v1/invoices) as invoice
 * {@code invoiceId}; the subscription holds them no longer.
 */
public record SubscriptionProrationsInvoiced(String subscriptionId, String invoiceId, List<ProrationLine> lines,
                                             Instant invoicedAt) {
}
