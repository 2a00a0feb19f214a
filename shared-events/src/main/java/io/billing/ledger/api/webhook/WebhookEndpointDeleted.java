package io.billing.ledger.api.webhook;

/** No more deliveries, ever; the delivery log stays. */
public record WebhookEndpointDeleted(String endpointId) {
}
