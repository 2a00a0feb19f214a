package io.billing.ledger.server.bootstrap;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.command.apikey.ApiKeyCredentials;
import io.billing.ledger.command.apikey.ApiKeyIssuer;
import io.billing.ledger.command.apikey.ApiKeySettings;
import io.billing.ledger.server.web.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.List;

/**
 * The first admin key, so that a fresh installation can be used at all: BOOTSTRAP_API_KEY
 * when given, else a generated key printed once to the console. Only when no key exists.
 */
@Component
// not in the migration step (BillingLedgerApplication.migrate): the key is shown by the node an operator reads
@ConditionalOnProperty(name = "billing.migrate-only", havingValue = "false", matchIfMissing = true)
public class BootstrapApiKey implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapApiKey.class);

    private final ApiKeyCredentials credentials;
    private final ApiKeyIssuer issuer;
    private final String configuredKey;
    private final boolean jsonLogs;

    public BootstrapApiKey(ApiKeyCredentials credentials, ApiKeyIssuer issuer,
                           ApiKeySettings settings, @Value("${billing.log-format:text}") String logFormat) {
        this.credentials = credentials;
        this.issuer = issuer;
        this.configuredKey = settings.bootstrapKey();
        this.jsonLogs = "json".equals(logFormat);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (credentials.anyExists()) {
            return;
        }
        RequestContext.runAsSystem("bootstrap", () -> {
            if (!configuredKey.isBlank()) {
                ApiKeyIssuer.IssuedApiKey issued = issuer.register("bootstrap", List.of(ApiKeyScope.ADMIN), null,
                        configuredKey.trim());
                log.info("Registered BOOTSTRAP_API_KEY as admin key {}", issued.apiKeyId());
            } else {
                ApiKeyIssuer.IssuedApiKey issued = issuer.issue("bootstrap", List.of(ApiKeyScope.ADMIN), null);
                // Printed to the console only, once, so the operator can copy it; it is stored only as a hash.
                // With JSON logs stdout is the log stream shipped to a log store: the key goes to stderr
                // instead, never through a logger (docs/operations.md; production sets BOOTSTRAP_API_KEY).
                PrintStream console = jsonLogs ? System.err : System.out;
                if (jsonLogs) {
                    log.warn("No API key existed, so admin key {} was created; the key itself is printed once to"
                            + " stderr, not to the log", issued.apiKeyId());
                }
                console.println();
                console.println("==> No API key existed, so an admin key was created. It is shown only this once:");
                console.println("==>   " + issued.rawKey());
                console.println("==>   (id " + issued.apiKeyId() + "; create more with POST /v1/api-keys)");
                console.println();
            }
        });
    }
}
