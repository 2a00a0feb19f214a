package io.billing.ledger.api.usage;

import java.time.Instant;

/** The usage summary of a subscription's period: the current one when {@code periodStart} is null. */
public record FindUsageSummary(String subscriptionId, Instant periodStart) {
}
