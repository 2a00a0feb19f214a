package io.billing.ledger.api.customer;

import java.util.Map;

/** The customer's contact fields as they are after the change. */
public record CustomerUpdated(String customerId,
                              String email,
                              String name,
                              Map<String, Object> metadata) {
}
