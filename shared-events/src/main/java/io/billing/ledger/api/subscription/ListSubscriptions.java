package io.billing.ledger.api.subscription;

import io.billing.ledger.api.common.PageRequest;

/** Lists subscriptions, newest first; each filter may be null. */
public record ListSubscriptions(String customerId, String planId, SubscriptionStatus status, PageRequest page) {
}
