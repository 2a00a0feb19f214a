package io.billing.ledger.api.subscription;

import java.util.Map;

/** Subscribes a customer to a plan; {@code billingAnchorDay} (1–28) may be null for the default. */
public record CreateSubscription(String subscriptionId,
                                 String customerId,
                                 String planId,
                                 Integer billingAnchorDay,
                                 long quantity,
                                 Map<String, Object> metadata) {
}
