package io.billing.ledger.api.customer;

import java.time.Instant;

/** The customer exists at the payment processor as {@code stripeCustomerId}. */
public record StripeCustomerLinked(String customerId, String stripeCustomerId, Instant linkedAt) {
}
