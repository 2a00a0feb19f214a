package io.billing.ledger.api.payment;

import io.billing.ledger.api.money.Money;

/** What a refund may take: from which PaymentIntent, and how much. */
public record RefundTerms(String paymentIntentId, Money amount) {
}
