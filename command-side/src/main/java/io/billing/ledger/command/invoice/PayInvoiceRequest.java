package io.billing.ledger.command.invoice;

/** The seed's manual payment: an out-of-band payment is recorded (charging through Stripe comes later). */
public record PayInvoiceRequest(Boolean paidOutOfBand) {
}
