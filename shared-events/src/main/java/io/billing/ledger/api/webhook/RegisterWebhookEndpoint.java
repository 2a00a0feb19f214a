package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Registers an endpoint (the seed's WebhookSubscription); the secret arrives sealed. */
public record RegisterWebhookEndpoint(@TargetAggregateIdentifier String endpointId,
                                      String url,
                                      List<String> eventTypes,
                                      String description,
                                      String sealedSecret) {
}
