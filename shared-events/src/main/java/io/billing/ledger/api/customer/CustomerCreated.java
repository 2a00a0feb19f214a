package io.billing.ledger.api.customer;

import java.util.Map;

public record CustomerCreated(String customerId,
                              String email,
                              String name,
                              Map<String, Object> metadata,
                              String testClockId) {
}
