package io.billing.ledger.api.customer;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * Customer credit taken off the invoice {@code invoiceId}. {@code balance} is that currency's
 * balance after it, never negative.
 */
public record CustomerCreditApplied(String customerId,
                                    Money amount,
                                    String invoiceId,
                                    Instant appliedAt,
                                    Money balance) {
}
