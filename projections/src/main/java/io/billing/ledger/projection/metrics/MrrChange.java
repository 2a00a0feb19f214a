package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.SubscriptionStatus;

import java.time.Instant;

/**
 * One step of a subscription's revenue timeline: at {@code at} (its clock) its MRR became
 * {@code mrrCents} (a change of {@code deltaCents}) and its status {@code status};
 * {@code cancellationReason} is set on the step that canceled it.
 */
public record MrrChange(String subscriptionId,
                        String customerId,
                        Instant at,
                        long mrrCents,
                        long deltaCents,
                        SubscriptionStatus status,
                        CancellationReason cancellationReason) {
}
