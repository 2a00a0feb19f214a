package io.billing.ledger.api.customer;

/** A customer's credit balance in one currency, as the API shows it. */
public record CreditBalance(String currency, long amountCents) {
}
