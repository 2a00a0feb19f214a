package io.billing.ledger.api.customer;

import java.time.Instant;

/** The customer as it was at {@code asOf} (by its own clock), rebuilt from its events recorded until then. */
public record FindCustomerAsOf(String customerId, Instant asOf) {
}
