package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/**
 * The subscription ended at {@code canceledAt}; a credit for unused time is among the lines when
 * asked for. The final invoice takes the pending proration lines {@code invoicedProrations} with
 * it (null on events recorded before they were carried: then every pending line went).
 */
public record SubscriptionCanceled(String subscriptionId,
                                   Instant canceledAt,
                                   CancellationReason reason,
                                   List<ProrationLine> prorationLines,
                                   List<ProrationLine> invoicedProrations) {

    public SubscriptionCanceled(String subscriptionId, Instant canceledAt, CancellationReason reason,
                                List<ProrationLine> prorationLines) {
        this(subscriptionId, canceledAt, reason, prorationLines, List.of());
    }
}
