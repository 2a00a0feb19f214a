package io.billing.ledger.api.webhook;

import java.time.Duration;

/** Asks for one delivery ({@code evt_…}); waits up to {@code waitFor} for it to be enqueued. */
public record FindWebhookEvent(String webhookEventId, Duration waitFor) {
}
