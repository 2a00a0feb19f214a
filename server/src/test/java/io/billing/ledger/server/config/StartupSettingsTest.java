package io.billing.ledger.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.env.MockPropertySource;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An invalid setting stops the start with a message that names the environment variable:
 * whether {@link StartupSettings} refuses it before anything starts, or a settings record
 * refuses it as it is bound and validated ({@link SettingsConfiguration}, with application.yml
 * as the server reads it), and {@link InvalidSettingFailureAnalyzer} names its variable.
 */
class StartupSettingsTest {

    private final StartupSettings settings = new StartupSettings();

    /** The start-up failure the variables cause, as the operator reads it; null when the settings start. */
    private static FailureAnalysis start(MockEnvironment environment) {
        InvalidSettingFailureAnalyzer analyzer = new InvalidSettingFailureAnalyzer(environment);
        try {
            new StartupSettings().postProcessEnvironment(environment, new SpringApplication());
        } catch (InvalidSettingException e) {
            return analyzer.analyze(e);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        new ApplicationContextRunner()
                // the variables, as the process environment would give them
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        environment.getPropertySources().get(MockPropertySource.MOCK_PROPERTIES_PROPERTY_SOURCE_NAME)))
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(SettingsConfiguration.class)
                .run(context -> failure.set(context.getStartupFailure()));
        if (failure.get() == null) {
            return null;
        }
        FailureAnalysis analysis = analyzer.analyze(failure.get());
        assertThat(analysis).as("a start-up failure that names no variable: %s", failure.get()).isNotNull();
        return analysis;
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "PORT, abc",
            "PORT, 70000",
            "RATE_LIMIT_WINDOW_MS, 0",
            "RATE_LIMIT_WINDOW_MS, 1.5",
            "RATE_LIMIT_MAX_REQUESTS, -1",
            "LOG_LEVEL, verbose",
            "NODE_ENV, staging",
            "DATABASE_URL, mysql://localhost/db",
            "DATABASE_MIGRATION_URL, mysql://localhost/db",
            "DUNNING_MAX_RETRIES, five",
            "DUNNING_SCHEDULE_MINUTES, '60,,300'",
            "DUNNING_SCHEDULE_MINUTES, '60,300'",
            "DUNNING_SCHEDULE_MINUTES, '60,300,200,7200,43200'",
            "DUNNING_ESCALATION, 'pause@3,notify@1'",
            "DUNNING_ESCALATION, 'cancel@6'",
            "DUNNING_ESCALATION, 'email@1'",
            "WEBHOOK_DELIVERY_TIMEOUT_MS, forever",
            "CORS_ALLOWED_ORIGINS, https://app.example.com/path",
            "CORS_ALLOWED_ORIGINS, *",
            "BILLING_TEST_MODE, yes",
            "BOOTSTRAP_API_KEY, short",
            "INVOICE_FINALIZE_DELAY, soon",
            "INVOICE_DAYS_UNTIL_DUE, 366",
            "INVOICE_DAYS_UNTIL_DUE, -1",
            "READINESS_MAX_LAG, 30 seconds",
            "STRIPE_SECRET_KEY, pk_test_123",
            "STRIPE_SECRET_KEY, sk_prod_123",
            "STRIPE_WEBHOOK_SECRET, pk_abc123",
            "STRIPE_WEBHOOK_SECRET, 'whsec_a,,whsec_b'",
            "STRIPE_API_BASE, api.stripe.com",
            "STRIPE_API_BASE, ftp://api.stripe.com",
            "WEBHOOK_SIGNING_SECRET, '   '",
            "WEBHOOK_RETRY_SCHEDULE, '1m,,5m'",
            "WEBHOOK_RETRY_SCHEDULE, 'every minute'",
            "WEBHOOK_DISABLE_AFTER, 0d",
            "WEBHOOK_DISABLE_AFTER, a week",
            "WEBHOOK_WORKERS, 0",
            "WEBHOOK_ENDPOINT_CONCURRENCY, many",
            "IDEMPOTENCY_LEASE, 0s",
            "IDEMPOTENCY_LEASE, briefly",
            "MAX_REQUEST_BYTES, 1MB",
            "MAX_REQUEST_BYTES, 100",
            "MAX_USAGE_BATCH_REQUEST_BYTES, -1"
    })
    void an_invalid_value_is_refused_naming_the_variable(String variable, String value) {
        MockEnvironment environment = new MockEnvironment().withProperty(variable, value);

        FailureAnalysis analysis = start(environment);

        assertThat(analysis).as("%s=%s is refused", variable, value).isNotNull();
        assertThat(analysis.getDescription()).contains(variable);
        assertThat(analysis.getAction()).contains(variable);
        if (SettingVariables.MAY_HOLD_A_SECRET.contains(variable)) {
            assertThat(analysis.getDescription()).doesNotContain(value).contains("not shown");
        } else {
            assertThat(analysis.getDescription()).contains(value);
        }
    }

    @Test
    void a_settings_record_refuses_a_value_naming_the_variable_not_the_property() {
        assertThat(start(new MockEnvironment().withProperty("INVOICE_DAYS_UNTIL_DUE", "366")).getDescription())
                .isEqualTo("Invalid value for INVOICE_DAYS_UNTIL_DUE: '366' (an integer from 0 to 365)");
        // not a duration at all: the binding fails before validation, and is named all the same
        assertThat(start(new MockEnvironment().withProperty("INVOICE_FINALIZE_DELAY", "soon")).getDescription())
                .isEqualTo("Invalid value for INVOICE_FINALIZE_DELAY: 'soon' (a duration such as PT1H or 1h)");
        assertThat(start(new MockEnvironment().withProperty("WEBHOOK_RETRY_SCHEDULE", "1m,,5m")).getDescription())
                .doesNotContain("billing.webhooks").contains("WEBHOOK_RETRY_SCHEDULE");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void a_starting_application_reports_the_variable(CapturedOutput output) {
        // the analyzer as Spring Boot finds it (spring.factories) and builds it (with the environment)
        SpringApplication application = new SpringApplication(SettingsConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--INVOICE_DAYS_UNTIL_DUE=366")).isNotNull();

        assertThat(output).contains("Invalid value for INVOICE_DAYS_UNTIL_DUE: '366' (an integer from 0 to 365)")
                .contains("Set INVOICE_DAYS_UNTIL_DUE to a valid value");
    }

    @Test
    void every_mapped_property_reads_its_variable_in_application_yml() {
        // a property renamed in application.yml but not in SettingVariables would be misnamed in failures
        SettingVariables.all().forEach((property, variable) -> new ApplicationContextRunner()
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new MockPropertySource().withProperty(variable.name(), "marker-value")))
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .run(context -> assertThat(context.getEnvironment().getProperty(property))
                        .as("%s reads %s", property, variable.name()).isEqualTo("marker-value")));
    }

    @Test
    void log_format_is_json_in_production_and_text_elsewhere_unless_set() {
        assertThat(logFormat(new MockEnvironment())).isNull();
        assertThat(logFormat(new MockEnvironment().withProperty("NODE_ENV", "production")
                .withProperty("WEBHOOK_SIGNING_SECRET", "a-production-secret"))).isEqualTo("ecs");
        assertThat(logFormat(new MockEnvironment().withProperty("NODE_ENV", "production")
                .withProperty("WEBHOOK_SIGNING_SECRET", "a-production-secret").withProperty("LOG_FORMAT", "text")))
                .isNull();
        assertThat(logFormat(new MockEnvironment().withProperty("LOG_FORMAT", "json"))).isEqualTo("ecs");
        assertThat(start(new MockEnvironment().withProperty("LOG_FORMAT", "yaml")).getDescription())
                .isEqualTo("Invalid value for LOG_FORMAT: 'yaml' (json or text)");
    }

    @Test
    void the_management_port_is_a_port_of_its_own() {
        assertThat(start(new MockEnvironment().withProperty("MANAGEMENT_PORT", "0")).getDescription())
                .isEqualTo("Invalid value for MANAGEMENT_PORT: '0' (an integer from 1 to 65535)");
        assertThat(start(new MockEnvironment().withProperty("MANAGEMENT_PORT", "3000")).getDescription())
                .startsWith("Invalid value for MANAGEMENT_PORT: '3000' (a port other than PORT");
        assertThat(start(new MockEnvironment().withProperty("MANAGEMENT_PORT", "9464"))).isNull();
    }

    /** logging.structured.format.console as StartupSettings leaves it (null: plain text lines). */
    private static String logFormat(MockEnvironment environment) {
        new StartupSettings().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }

    @Test
    void an_invalid_database_url_is_named_without_its_password() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_URL", "mysql://billing:s3cret-pass@db.internal/billing");

        FailureAnalysis analysis = start(environment);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("DATABASE_URL").doesNotContain("s3cret-pass");
    }

    @Test
    void a_migration_url_without_a_database_url_is_refused_without_echoing_it() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_MIGRATION_URL", "postgresql://owner:secret@localhost:5432/billing");

        FailureAnalysis analysis = start(environment);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("DATABASE_MIGRATION_URL").doesNotContain("secret");
    }

    @Test
    void the_seed_defaults_and_valid_values_pass() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("PORT", "3000")
                .withProperty("DATABASE_URL", "postgresql://billing:billing@localhost:5432/billing_engine")
                .withProperty("DATABASE_MIGRATION_URL", "postgresql://owner:owner@localhost:5432/billing_engine")
                .withProperty("STRIPE_SECRET_KEY", "sk_test_51Habc")
                .withProperty("STRIPE_WEBHOOK_SECRET", "whsec_new, whsec_old")
                .withProperty("STRIPE_API_BASE", "http://127.0.0.1:12111")
                .withProperty("WEBHOOK_SIGNING_SECRET", "whsign_local_dev_secret")
                .withProperty("CORS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:5173")
                .withProperty("LOG_LEVEL", "debug")
                .withProperty("RATE_LIMIT_WINDOW_MS", "60000")
                .withProperty("RATE_LIMIT_MAX_REQUESTS", "100")
                .withProperty("DUNNING_MAX_RETRIES", "5")
                .withProperty("DUNNING_SCHEDULE_MINUTES", "60,300,1800,7200,43200")
                .withProperty("WEBHOOK_DELIVERY_TIMEOUT_MS", "10000")
                .withProperty("INVOICE_FINALIZE_DELAY", "1h")
                .withProperty("READINESS_MAX_LAG", "PT30S")
                .withProperty("MAX_REQUEST_BYTES", "1048576")
                .withProperty("MAX_USAGE_BATCH_REQUEST_BYTES", "5242880");

        assertThat(start(environment)).isNull();
    }

    @Test
    void the_failure_analysis_tells_what_to_do() {
        InvalidSettingException problem = new InvalidSettingException("PORT", "abc", "an integer");
        var analysis = new InvalidSettingFailureAnalyzer(new MockEnvironment()).analyze(problem);
        assertThat(analysis.getDescription()).contains("PORT").contains("abc");
        assertThat(analysis.getAction()).contains("PORT");
    }

    @Test
    void production_needs_a_webhook_signing_secret_of_its_own() {
        MockEnvironment production = new MockEnvironment().withProperty("NODE_ENV", "production");

        assertThatThrownBy(() -> settings.postProcessEnvironment(production, new SpringApplication()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("WEBHOOK_SIGNING_SECRET");
        assertThat(start(new MockEnvironment().withProperty("NODE_ENV", "production")).getDescription())
                .contains("WEBHOOK_SIGNING_SECRET");
        assertThat(start(production.withProperty("WEBHOOK_SIGNING_SECRET", "a-long-production-secret"))).isNull();
        assertThat(start(new MockEnvironment().withProperty("WEBHOOK_RETRY_SCHEDULE", "30s, 5m,PT2H,1d"))).isNull();
    }
}
