package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sends a {@code webhook.test} event to this endpoint only. */
public record RequestWebhookTest(@TargetAggregateIdentifier String endpointId) {
}
