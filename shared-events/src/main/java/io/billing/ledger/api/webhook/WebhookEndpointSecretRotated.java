package io.billing.ledger.api.webhook;

import java.time.Instant;

/**
 * The endpoint signs with a new secret ({@code sealedSecret}) and, until
 * {@code previousValidUntil}, also with the one before ({@code previousSealedSecret}).
 */
public record WebhookEndpointSecretRotated(String endpointId,
                                           String sealedSecret,
                                           String previousSealedSecret,
                                           Instant previousValidUntil) {
}
