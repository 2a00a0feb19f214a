package io.billing.ledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A new secret; the current one keeps signing beside it until {@code previousValidUntil}. */
public record RotateWebhookEndpointSecret(@TargetAggregateIdentifier String endpointId,
                                          String sealedSecret,
                                          Instant previousValidUntil) {
}
