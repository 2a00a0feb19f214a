package io.billing.ledger.api.webhook;

/** A {@code webhook.test} delivery to this endpoint only. */
public record WebhookTestRequested(String endpointId) {
}
