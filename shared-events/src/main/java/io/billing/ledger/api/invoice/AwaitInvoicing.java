package io.billing.ledger.api.invoice;

/**
 * Asks the read side to wait, for a bounded time, until the invoices caused by every event stored
 * when the query arrived are drafted and shown by the invoice and customer read models; answers whether they
 * are. Invoicing runs after a subscription command commits (a processor of its own): a
 * controller asks this before it answers, so that the client's next read sees the invoice its
 * cancel or plan change caused.
 */
public record AwaitInvoicing() {
}
