package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

/**
 * A period of a subscription takes no more usage: its invoice {@code invoiceId} was finalized.
 * Appended by invoicing (issue 5); ingestion refuses late records for a closed period from
 * then on. {@code invoiceId} is null on events recorded before it was carried (the event's
 * aggregate is that invoice).
 */
public record UsagePeriodClosed(String subscriptionId, BillingPeriod period, String invoiceId) {

    public UsagePeriodClosed(String subscriptionId, BillingPeriod period) {
        this(subscriptionId, period, null);
    }
}
