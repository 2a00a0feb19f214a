package io.billing.ledger.command.invoice;

/**
 * The seed's manual payment trigger: {@code paidOutOfBand: true} records a payment made outside
 * the ledger; no body (or {@code false}) charges the customer's default payment method now.
 */
public record PayInvoiceRequest(Boolean paidOutOfBand) {
}
