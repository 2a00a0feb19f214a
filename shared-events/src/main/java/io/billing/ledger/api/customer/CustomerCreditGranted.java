package io.billing.ledger.api.customer;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * Credit added to the customer's balance, caused by the invoice or credit note {@code sourceId}.
 * {@code balance} is that currency's balance after the grant, so readers never sum.
 */
public record CustomerCreditGranted(String customerId,
                                    Money amount,
                                    String sourceId,
                                    Instant grantedAt,
                                    Money balance) {
}
