package io.billing.ledger.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one map from a settings record's property (application.yml) to the environment variable
 * that sets it, and what that variable takes. A start-up failure names the variable, which is
 * what an operator sets, not the property. A property missing here is named as itself.
 */
public final class SettingVariables {

    /** Variables whose value is, or may contain, a credential: a failure message never echoes them. */
    public static final Set<String> MAY_HOLD_A_SECRET = Set.of("DATABASE_URL", "DATABASE_MIGRATION_URL",
            "BOOTSTRAP_API_KEY", "API_KEY_HASH_SALT", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET",
            "WEBHOOK_SIGNING_SECRET");

    public record Variable(String name, String expected) {
    }

    private static final Map<String, Variable> BY_PROPERTY = new LinkedHashMap<>();

    static {
        variable("billing.node-env", "NODE_ENV", "one of development, test, production");
        variable("billing.database-url", "DATABASE_URL",
                "postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database");
        variable("billing.database-migration-url", "DATABASE_MIGRATION_URL",
                "postgresql://owner:password@host:port/database or jdbc:postgresql://host:port/database");
        variable("billing.embedded-database.directory", "EMBEDDED_DATABASE_DIR", "a directory");
        variable("billing.embedded-database.port", "EMBEDDED_DATABASE_PORT", "an integer from 0 to 65535");
        variable("billing.api-keys.hash-salt", "API_KEY_HASH_SALT", "a non-empty string");
        variable("billing.api-keys.bootstrap-key", "BOOTSTRAP_API_KEY", "20 to 200 characters without spaces");
        variable("billing.cors.allowed-origins", "CORS_ALLOWED_ORIGINS",
                "comma-separated origins such as https://app.example.com (scheme and host, no path)");
        variable("billing.rate-limit.window-ms", "RATE_LIMIT_WINDOW_MS", "a positive number of milliseconds");
        variable("billing.rate-limit.max-requests", "RATE_LIMIT_MAX_REQUESTS", "a positive integer");
        variable("billing.input.max-request-bytes", "MAX_REQUEST_BYTES", "bytes from 1024 to 1073741824");
        variable("billing.input.max-usage-batch-request-bytes", "MAX_USAGE_BATCH_REQUEST_BYTES",
                "bytes from 1024 to 1073741824");
        variable("billing.idempotency.lease", "IDEMPOTENCY_LEASE", "a positive duration such as 30s or PT30S");
        variable("billing.readiness.max-lag", "READINESS_MAX_LAG", "a duration such as 30s or PT30S");
        variable("billing.invoicing.finalize-delay", "INVOICE_FINALIZE_DELAY", "a duration such as PT1H or 1h");
        variable("billing.invoicing.days-until-due", "INVOICE_DAYS_UNTIL_DUE", "an integer from 0 to 365");
        variable("billing.stripe.secret-key", "STRIPE_SECRET_KEY",
                "a Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… or rk_live_…");
        variable("billing.stripe.api-base", "STRIPE_API_BASE", "an http(s) URL such as https://api.stripe.com");
        variable("billing.stripe.webhook-secrets", "STRIPE_WEBHOOK_SECRET",
                "one or more comma-separated Stripe endpoint secrets (whsec_…), several while one is rolled");
        variable("billing.webhooks.signing-secret", "WEBHOOK_SIGNING_SECRET", "a non-empty secret");
        variable("billing.webhooks.delivery-timeout-ms", "WEBHOOK_DELIVERY_TIMEOUT_MS", "milliseconds from 1 to 300000");
        variable("billing.webhooks.retry-schedule", "WEBHOOK_RETRY_SCHEDULE",
                "comma-separated durations, e.g. 1m,5m,30m,2h,12h");
        variable("billing.webhooks.disable-after", "WEBHOOK_DISABLE_AFTER", "a positive duration such as 5d or PT120H");
        variable("billing.webhooks.workers", "WEBHOOK_WORKERS", "an integer from 1 to 256");
        variable("billing.webhooks.per-endpoint-concurrency", "WEBHOOK_ENDPOINT_CONCURRENCY", "an integer from 1 to 64");
        // read and refused by NodeRoleSettings before the context starts (Axon builds its processors from them)
        variable("billing.roles", "BILLING_ROLES",
                "a comma-separated list of api, projections, processes, scheduler (at least one)");
        variable("billing.processors.initial-segment-count", "PROCESSOR_SEGMENTS", "an integer from 1 to 64");
        // checked and derived before logging starts (StartupSettings), as no record can be
        variable("billing.log-format", "LOG_FORMAT", "json or text");
        variable("management.server.port", "MANAGEMENT_PORT", "an integer from 1 to 65535, not PORT");
    }

    private SettingVariables() {
    }

    private static void variable(String property, String name, String expected) {
        BY_PROPERTY.put(property, new Variable(name, expected));
    }

    /** The variable behind a property ({@code billing.invoicing.finalize-delay}), if an operator sets it by one. */
    public static Optional<Variable> forProperty(String property) {
        return Optional.ofNullable(BY_PROPERTY.get(property));
    }

    public static Map<String, Variable> all() {
        return Map.copyOf(BY_PROPERTY);
    }
}
