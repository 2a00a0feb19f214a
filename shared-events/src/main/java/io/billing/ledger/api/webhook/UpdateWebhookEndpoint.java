package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Changes what is given (null: unchanged); {@code description} "" clears it. */
public record UpdateWebhookEndpoint(@TargetAggregateIdentifier String endpointId,
                                    String url,
                                    List<String> eventTypes,
                                    String description,
                                    Boolean active) {
}
