package io.billing.ledger.api.customer;

import io.billing.ledger.api.common.PageRequest;

/** Lists customers, newest first; {@code email} (nullable) filters on an exact, case-insensitive match. */
public record ListCustomers(String email, PageRequest page) {
}
