package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

/** What a part of a credit note is for; the parts of a credit note add up to its amount. */
public record CreditNoteLine(String description, Money amount) {
}
