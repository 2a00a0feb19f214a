package io.billing.ledger.api.webhook;

import java.time.Instant;

/** What a replay queued again: {@code count} deliveries of the endpoint created in [since, until). */
public record WebhookReplay(String webhookSubscriptionId,
                            Instant since,
                            Instant until,
                            String status,
                            int count) {
}
