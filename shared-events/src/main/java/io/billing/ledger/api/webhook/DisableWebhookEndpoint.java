package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops deliveries to an endpoint that answered 410 Gone or failed for too long ({@code reason}). */
public record DisableWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String reason) {
}
