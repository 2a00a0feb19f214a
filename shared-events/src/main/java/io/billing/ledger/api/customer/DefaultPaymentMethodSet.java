package io.billing.ledger.api.customer;

import java.time.Instant;

/** The payment method that invoices are charged to from now on. */
public record DefaultPaymentMethodSet(String customerId, String paymentMethodId, Instant at) {
}
