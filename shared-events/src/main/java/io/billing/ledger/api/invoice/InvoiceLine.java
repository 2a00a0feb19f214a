package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;

/**
 * One line of an invoice, already rounded. {@code unitAmount} is set for plan and usage
 * charges (amount = unit × quantity) and null for prorations and applied credit, whose
 * amount was prorated or capped as a whole. Credits are negative.
 */
public record InvoiceLine(LineType type,
                          String description,
                          long quantity,
                          Money unitAmount,
                          Money amount,
                          BillingPeriod period) {
}
