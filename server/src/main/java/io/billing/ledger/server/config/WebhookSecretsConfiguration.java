package io.billing.ledger.server.config;

import io.billing.ledger.api.webhook.SealedSecrets;
import io.billing.ledger.saga.webhook.WebhookSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sealing of webhook endpoint secrets, keyed from {@code WEBHOOK_SIGNING_SECRET}: the
 * command side seals a new secret, the delivery workers open it to sign (docs/webhooks.md).
 */
@Configuration
public class WebhookSecretsConfiguration {

    @Bean
    public SealedSecrets sealedSecrets(WebhookSettings webhooks) {
        return new SealedSecrets(webhooks.signingSecret());
    }
}
