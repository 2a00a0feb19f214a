package io.billing.ledger.api.invoice;

import io.billing.ledger.api.common.PageRequest;

import java.time.Instant;

/** Lists invoices, newest first; every filter may be null ({@code from}/{@code to} bound the creation time). */
public record ListInvoices(String subscriptionId, String customerId, InvoiceStatus status, Instant from, Instant to,
                           PageRequest page) {
}
