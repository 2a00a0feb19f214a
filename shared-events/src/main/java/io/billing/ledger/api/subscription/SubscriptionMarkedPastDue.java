package io.billing.ledger.api.subscription;

import java.time.Instant;

public record SubscriptionMarkedPastDue(String subscriptionId, String invoiceId, Instant markedAt) {
}
