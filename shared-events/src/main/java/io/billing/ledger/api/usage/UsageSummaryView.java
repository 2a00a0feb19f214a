package io.billing.ledger.api.usage;

import java.time.Instant;

/**
 * The usage of one subscription in one billing period: the total, how many records made
 * it, and what it would bill at the plan's unit price ({@code amountCents}, exact).
 */
public record UsageSummaryView(String subscriptionId,
                               Instant periodStart,
                               Instant periodEnd,
                               long totalQuantity,
                               long eventCount,
                               long unitAmountCents,
                               long amountCents,
                               String currency,
                               boolean open) {
}
