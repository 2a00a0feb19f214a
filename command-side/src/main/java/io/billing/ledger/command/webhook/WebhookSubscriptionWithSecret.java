package io.billing.ledger.command.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;

import java.time.Instant;

/**
 * The answer to creating an endpoint or rotating its secret: the only time the secret is
 * shown. After a rotation, {@code previousSecretExpiresAt} says until when the old one signs too.
 */
public record WebhookSubscriptionWithSecret(@JsonUnwrapped WebhookSubscriptionView subscription,
                                            String secret,
                                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant previousSecretExpiresAt) {
}
