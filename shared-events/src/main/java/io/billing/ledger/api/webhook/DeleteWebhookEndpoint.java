package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteWebhookEndpoint(@TargetAggregateIdentifier String endpointId) {
}
