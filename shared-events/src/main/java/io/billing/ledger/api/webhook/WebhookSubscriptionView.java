package io.billing.ledger.api.webhook;

import java.time.Instant;
import java.util.List;

/** A webhook endpoint as the API shows it (the seed's WebhookSubscription); never its secret. */
public record WebhookSubscriptionView(String id,
                                      String url,
                                      List<String> eventTypes,
                                      boolean isActive,
                                      String description,
                                      Instant createdAt,
                                      Instant updatedAt) {
}
