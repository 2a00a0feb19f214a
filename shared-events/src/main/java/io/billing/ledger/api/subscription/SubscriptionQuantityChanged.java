package io.billing.ledger.api.subscription;

import io.billing.ledger.api.money.ProrationLine;

import java.time.Instant;
import java.util.List;

/** The number of seats changed within the period; the proration lines are computed here. */
public record SubscriptionQuantityChanged(String subscriptionId,
                                          long fromQuantity,
                                          long toQuantity,
                                          ProrationBehavior prorationBehavior,
                                          List<ProrationLine> prorationLines,
                                          Instant changedAt) {
}
