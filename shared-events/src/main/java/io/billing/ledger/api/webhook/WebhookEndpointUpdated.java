package io.billing.ledger.api.webhook;

import java.util.List;

/** The endpoint as it is after the change. */
public record WebhookEndpointUpdated(String endpointId,
                                     String url,
                                     List<String> eventTypes,
                                     String description,
                                     boolean active) {
}
