package io.billing.ledger.command.lookup;

/** What a subscription needs to know of a customer: that it exists, and which clock it lives on. */
public record CustomerAccount(String customerId, String testClockId) {
}
