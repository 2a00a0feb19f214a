package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/** The subscription ended at {@code canceledAt}; a credit for unused time is among the lines when asked for. */
public record SubscriptionCanceled(String subscriptionId,
                                   Instant canceledAt,
                                   CancellationReason reason,
                                   List<ProrationLine> prorationLines) {
}
