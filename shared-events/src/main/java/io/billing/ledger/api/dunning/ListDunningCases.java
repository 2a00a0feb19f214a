package io.billing.ledger.api.dunning;

import io.billing.ledger.api.common.PageRequest;

/** Dunning cases, newest first; each filter may be null. */
public record ListDunningCases(DunningStatus status, String subscriptionId, String customerId, PageRequest page) {
}
