package io.billing.ledger.server.config;

import io.billing.ledger.command.dunning.DunningPolicy;
import io.billing.ledger.command.dunning.InvalidDunningSetting;
import io.billing.ledger.server.logging.LogRedaction;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the settings records cannot check, before anything starts: the variables no record of
 * ours binds (PORT and LOG_LEVEL are Spring's, DATABASE_POOL_SIZE Hikari's, the DUNNING_ ones
 * have no setting yet, BILLING_TEST_MODE is read here to derive billing.test-mode.enabled) and
 * the rules across concerns. Every other setting is a {@code @Validated @ConfigurationProperties}
 * record of the module that uses it ({@link SettingsConfiguration}); its failure is named by
 * variable too ({@link InvalidSettingFailureAnalyzer}, {@link SettingVariables}).
 */
public class StartupSettings implements EnvironmentPostProcessor {

    private static final Pattern MINUTES_LIST = Pattern.compile("^\\d+(,\\d+)*$");

    /** The settings whose values the log redaction replaces wherever they appear (LogRedaction). */
    private static final List<String> SECRET_PROPERTIES = List.of("billing.api-keys.bootstrap-key",
            "billing.api-keys.hash-salt", "billing.stripe.secret-key", "billing.stripe.webhook-secrets",
            "billing.webhooks.signing-secret");

    /** Variables whose value is, or may contain, a credential. */
    static final Set<String> MAY_HOLD_A_SECRET = SettingVariables.MAY_HOLD_A_SECRET;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment, "PORT", v -> isIntBetween(v, 0, 65535), "an integer from 0 to 65535");
        check(environment, "LOG_LEVEL", v -> Set.of("error", "warn", "info", "debug", "trace").contains(v),
                "one of error, warn, info, debug, trace");
        check(environment, "DUNNING_MAX_RETRIES", v -> isIntBetween(v, 0, 100), "an integer from 0 to 100");
        check(environment, "DUNNING_SCHEDULE_MINUTES", v -> MINUTES_LIST.matcher(v).matches(),
                "comma-separated whole minutes, e.g. 60,300,1800");
        checkDunningPolicy(environment);
        check(environment, "BILLING_TEST_MODE", v -> v.equals("true") || v.equals("false"), "true or false");
        check(environment, "DATABASE_POOL_SIZE", v -> isIntBetween(v, 1, 1000), "an integer from 1 to 1000");
        // across concerns (database and embedded database; deployment and webhooks): no one record sees both
        String migrationUrl = environment.getProperty("DATABASE_MIGRATION_URL");
        String databaseUrl = environment.getProperty("DATABASE_URL");
        // a malformed one is DatabaseSettings' to refuse
        if (migrationUrl != null && DatabaseUrl.isSupported(migrationUrl.trim())
                && (databaseUrl == null || databaseUrl.isBlank())) {
            throw new InvalidSettingException("DATABASE_MIGRATION_URL", "(set)",
                    "only together with DATABASE_URL; the embedded database creates both roles itself");
        }
        String nodeEnv = environment.getProperty("NODE_ENV");
        String signingSecret = environment.getProperty("WEBHOOK_SIGNING_SECRET");
        if ("production".equals(nodeEnv == null ? null : nodeEnv.trim())
                && (signingSecret == null || signingSecret.isBlank())) {
            // the development default would seal every endpoint secret under a key printed in the repository
            throw new InvalidSettingException("WEBHOOK_SIGNING_SECRET", "(unset)",
                    "a secret of your own when NODE_ENV=production: it keys the encryption of webhook secrets");
        }
        check(environment, "LOG_FORMAT", v -> v.equals("json") || v.equals("text"), "json or text");
        checkManagementPort(environment);
        deriveTestMode(environment);
        deriveLogFormat(environment);
        for (String secretProperty : SECRET_PROPERTIES) {
            LogRedaction.secretSetting(environment.getProperty(secretProperty));
        }
    }

    /**
     * LOG_FORMAT: json (Spring Boot's structured ECS lines, for a log store) or text (for a
     * terminal). Unset, production (NODE_ENV=production, as HSTS and the webhook rules decide it)
     * logs json and everything else text. Read here because logging starts before any bean.
     */
    private static void deriveLogFormat(ConfigurableEnvironment environment) {
        String nodeEnv = environment.getProperty("NODE_ENV", "development").trim();
        String explicit = environment.getProperty("LOG_FORMAT");
        String format = explicit != null ? explicit.trim() : "production".equals(nodeEnv) ? "json" : "text";
        Map<String, Object> derived = new java.util.HashMap<>();
        derived.put("billing.log-format", format);
        if (format.equals("json")) {
            derived.put("logging.structured.format.console", "ecs");
            derived.put("logging.structured.json.customizer", LogRedaction.JsonMembers.class.getName());
        }
        environment.getPropertySources().addFirst(new MapPropertySource("billing-log-format", derived));
    }

    /**
     * MANAGEMENT_PORT: where Prometheus scrapes /metrics without a key (docs/operations.md); it must
     * not be the API's port, whose /metrics needs an admin key.
     */
    private static void checkManagementPort(ConfigurableEnvironment environment) {
        check(environment, "MANAGEMENT_PORT", v -> isIntBetween(v, 1, 65535), "an integer from 1 to 65535");
        String management = environment.getProperty("MANAGEMENT_PORT");
        if (management != null && management.trim().equals(environment.getProperty("PORT", "3000").trim())) {
            throw new InvalidSettingException("MANAGEMENT_PORT", management,
                    "a port other than PORT: the API's /metrics needs an admin key, the management port none");
        }
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

    /** The three dunning settings together must make a policy (the schedule covers the cap, the ladder is in order). */
    private static void checkDunningPolicy(ConfigurableEnvironment environment) {
        String schedule = environment.getProperty("DUNNING_SCHEDULE_MINUTES", DunningPolicy.DEFAULT_SCHEDULE);
        String max = environment.getProperty("DUNNING_MAX_RETRIES", Integer.toString(DunningPolicy.DEFAULT_MAX_RETRIES));
        String ladder = environment.getProperty("DUNNING_ESCALATION", DunningPolicy.DEFAULT_ESCALATION);
        try {
            DunningPolicy.parse(schedule, max, ladder);
        } catch (InvalidDunningSetting e) {
            String value = switch (e.variable()) {
                case "DUNNING_SCHEDULE_MINUTES" -> schedule;
                case "DUNNING_MAX_RETRIES" -> max;
                default -> ladder;
            };
            throw new InvalidSettingException(e.variable(), value, e.expected());
        }
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
}
