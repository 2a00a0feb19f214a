package io.billing.ledger.command.webhook;

import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.webhook.WebhookTargets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses endpoint URLs the server must not call: not http(s), too long, and in production
 * ({@code NODE_ENV=production}) plain http or a host that resolves to an internal address.
 * The delivery side checks the address again before every attempt.
 */
@Component
public class WebhookTargetPolicy {

    private final boolean production;

    // @Value, not a record: NODE_ENV is one shared key, bound and validated once by the server's
    // DeploymentSettings; this module may not see the server (module rules), and a copy of that
    // record in every module that reads the key would say the same thing three times
    public WebhookTargetPolicy(@Value("${billing.node-env:development}") String nodeEnv) {
        this.production = "production".equals(nodeEnv);
    }

    public void check(String url) {
        WebhookTargets.formProblem(url, production)
                .or(() -> production ? WebhookTargets.internalAddressProblem(url) : java.util.Optional.empty())
                .ifPresent(problem -> {
                    throw new InvalidRequestException("url", "invalid_url", "url " + problem);
                });
    }
}
