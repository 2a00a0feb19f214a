package io.billing.ledger.api.customer;

import java.util.Map;

/** Registers a customer; {@code testClockId} (nullable) puts the customer on a test clock's time. */
public record CreateCustomer(String customerId,
                             String email,
                             String name,
                             Map<String, Object> metadata,
                             String testClockId) {
}
