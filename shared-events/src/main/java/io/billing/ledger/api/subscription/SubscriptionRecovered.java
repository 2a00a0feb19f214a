package io.billing.ledger.api.subscription;

import java.time.Instant;

/** Past due no more: the unpaid invoice was paid. */
public record SubscriptionRecovered(String subscriptionId, String invoiceId, Instant recoveredAt) {
}
