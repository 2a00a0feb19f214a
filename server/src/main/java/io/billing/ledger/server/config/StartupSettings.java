package io.billing.ledger.server.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks the environment variables of the seed specification before anything starts, so
 * that a typo stops the server with a message naming the variable rather than surfacing
 * later as an obscure failure (or, worse, a silent default).
 */
public class StartupSettings implements EnvironmentPostProcessor {

    private static final Pattern MINUTES_LIST = Pattern.compile("^\\d+(,\\d+)*$");

    /** Variables whose value is, or may contain, a credential. */
    static final Set<String> MAY_HOLD_A_SECRET = Set.of("DATABASE_URL", "DATABASE_MIGRATION_URL",
            "BOOTSTRAP_API_KEY", "API_KEY_HASH_SALT", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET",
            "WEBHOOK_SIGNING_SECRET");

    private static final Pattern STRIPE_KEY = Pattern.compile("^(sk|rk)_(test|live)_[A-Za-z0-9]+$");
    private static final Pattern STRIPE_WEBHOOK_SECRETS =
            Pattern.compile("^whsec_[A-Za-z0-9+/=]+(\\s*,\\s*whsec_[A-Za-z0-9+/=]+)*$");
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:\\d{1,5})?$");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment, "PORT", v -> isIntBetween(v, 0, 65535), "an integer from 0 to 65535");
        check(environment, "NODE_ENV", v -> Set.of("development", "test", "production").contains(v),
                "one of development, test, production");
        check(environment, "LOG_LEVEL", v -> Set.of("error", "warn", "info", "debug", "trace").contains(v),
                "one of error, warn, info, debug, trace");
        check(environment, "DATABASE_URL", v -> v.isEmpty() || DatabaseUrl.isSupported(v),
                "postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database");
        check(environment, "DATABASE_MIGRATION_URL", v -> v.isEmpty() || DatabaseUrl.isSupported(v),
                "postgresql://owner:password@host:port/database or jdbc:postgresql://host:port/database");
        String migrationUrl = environment.getProperty("DATABASE_MIGRATION_URL");
        String databaseUrl = environment.getProperty("DATABASE_URL");
        if (migrationUrl != null && !migrationUrl.isBlank() && (databaseUrl == null || databaseUrl.isBlank())) {
            throw new InvalidSettingException("DATABASE_MIGRATION_URL", "(set)",
                    "only together with DATABASE_URL; the embedded database creates both roles itself");
        }
        check(environment, "RATE_LIMIT_WINDOW_MS", v -> isIntBetween(v, 1, Integer.MAX_VALUE),
                "a positive number of milliseconds");
        check(environment, "RATE_LIMIT_MAX_REQUESTS", v -> isIntBetween(v, 1, Integer.MAX_VALUE),
                "a positive integer");
        check(environment, "DUNNING_MAX_RETRIES", v -> isIntBetween(v, 0, 100), "an integer from 0 to 100");
        check(environment, "DUNNING_SCHEDULE_MINUTES", v -> MINUTES_LIST.matcher(v).matches(),
                "comma-separated whole minutes, e.g. 60,300,1800");
        check(environment, "STRIPE_SECRET_KEY", v -> v.isEmpty() || STRIPE_KEY.matcher(v).matches(),
                "a Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… or rk_live_…");
        check(environment, "STRIPE_WEBHOOK_SECRET", v -> v.isEmpty() || STRIPE_WEBHOOK_SECRETS.matcher(v).matches(),
                "one or more comma-separated Stripe endpoint secrets (whsec_…), several while one is rolled");
        check(environment, "STRIPE_API_BASE", v -> v.matches("^https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[^\\s?#]*)?$"),
                "an http(s) URL such as https://api.stripe.com");
        check(environment, "WEBHOOK_SIGNING_SECRET", v -> !v.isEmpty(), "a non-empty secret");
        check(environment, "WEBHOOK_DELIVERY_TIMEOUT_MS", v -> isIntBetween(v, 1, 300_000),
                "milliseconds from 1 to 300000");
        check(environment, "BILLING_TEST_MODE", v -> v.equals("true") || v.equals("false"), "true or false");
        check(environment, "DATABASE_POOL_SIZE", v -> isIntBetween(v, 1, 1000), "an integer from 1 to 1000");
        check(environment, "EMBEDDED_DATABASE_PORT", v -> isIntBetween(v, 0, 65535), "an integer from 0 to 65535");
        check(environment, "BOOTSTRAP_API_KEY", v -> v.isEmpty() || (v.length() >= 20 && v.length() <= 200
                && v.chars().noneMatch(Character::isWhitespace)), "20 to 200 characters without spaces");
        check(environment, "API_KEY_HASH_SALT", v -> !v.isEmpty(), "a non-empty string");
        check(environment, "INVOICE_FINALIZE_DELAY", StartupSettings::isDuration, "a duration such as PT1H or 1h");
        check(environment, "INVOICE_DAYS_UNTIL_DUE", v -> isIntBetween(v, 0, 365), "an integer from 0 to 365");
        check(environment, "READINESS_MAX_LAG", StartupSettings::isDuration, "a duration such as 30s or PT30S");
        check(environment, "IDEMPOTENCY_LEASE", v -> isDuration(v) && !v.matches("^0+(ms|s|m|h|d)?$"),
                "a positive duration such as 30s or PT30S");
        check(environment, "MAX_REQUEST_BYTES", v -> isIntBetween(v, 1024, 1L << 30), "bytes from 1024 to 1073741824");
        check(environment, "MAX_USAGE_BATCH_REQUEST_BYTES", v -> isIntBetween(v, 1024, 1L << 30),
                "bytes from 1024 to 1073741824");
        check(environment, "CORS_ALLOWED_ORIGINS", StartupSettings::isOriginList,
                "comma-separated origins such as https://app.example.com (scheme and host, no path)");
        deriveTestMode(environment);
    }

    /**
     * Test clocks are on by default only with the embedded database: a server pointed at a
     * real database (DATABASE_URL) must be put in test mode on purpose.
     */
    private static void deriveTestMode(ConfigurableEnvironment environment) {
        String explicit = environment.getProperty("BILLING_TEST_MODE");
        String databaseUrl = environment.getProperty("DATABASE_URL");
        boolean enabled = explicit != null ? Boolean.parseBoolean(explicit.trim())
                : databaseUrl == null || databaseUrl.isBlank();
        environment.getPropertySources().addLast(new MapPropertySource("billing-derived-settings",
                Map.of("billing.test-mode.enabled", Boolean.toString(enabled))));
    }

    private static void check(ConfigurableEnvironment environment, String variable, Predicate<String> valid,
                              String expected) {
        String value = environment.getProperty(variable);
        if (value != null && !valid.test(value.trim())) {
            // the message ends up in logs and terminals: a URL with a password or a key must not
            throw new InvalidSettingException(variable, MAY_HOLD_A_SECRET.contains(variable)
                    ? "(not shown: it may hold a secret)" : value, expected);
        }
    }

    private static boolean isIntBetween(String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            return parsed >= min && parsed <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isOriginList(String value) {
        return value.isEmpty() || java.util.Arrays.stream(value.split(",")).map(String::trim)
                .allMatch(origin -> ORIGIN.matcher(origin).matches());
    }

    static boolean isDuration(String value) {
        if (value.matches("^\\d+(ms|s|m|h|d)?$")) {
            return true;
        }
        try {
            return !Duration.parse(value).isNegative();
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
