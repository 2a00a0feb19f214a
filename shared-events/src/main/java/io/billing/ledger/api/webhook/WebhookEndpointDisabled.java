package io.billing.ledger.api.webhook;

/** Deliveries stopped by the system: {@code reason} is {@code gone} (410) or {@code failing}. */
public record WebhookEndpointDisabled(String endpointId, String reason) {
}
