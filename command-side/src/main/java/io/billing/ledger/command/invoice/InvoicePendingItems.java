package io.billing.ledger.command.invoice;

/** Invoices a subscription's pending proration lines now (POST /v1/invoices). */
public record InvoicePendingItems(String invoiceId, String subscriptionId) {
}
