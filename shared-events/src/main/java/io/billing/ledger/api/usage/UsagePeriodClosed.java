package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

/**
 * A period of a subscription takes no more usage: its invoice was finalized. Appended by
 * invoicing (issue 5); ingestion refuses late records for a closed period from then on.
 */
public record UsagePeriodClosed(String subscriptionId, BillingPeriod period) {
}
