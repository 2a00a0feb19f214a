package io.billing.ledger.api.customer;

/** Asks for a customer's payment methods, oldest first; empty when the customer has none (or does not exist). */
public record ListPaymentMethods(String customerId) {
}
