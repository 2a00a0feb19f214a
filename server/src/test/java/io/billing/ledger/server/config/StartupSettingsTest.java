package io.billing.ledger.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An invalid setting stops the start with a message that names the environment variable. */
class StartupSettingsTest {

    private final StartupSettings settings = new StartupSettings();

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
            "IDEMPOTENCY_LEASE, 0s",
            "IDEMPOTENCY_LEASE, briefly",
            "MAX_REQUEST_BYTES, 1MB",
            "MAX_REQUEST_BYTES, 100",
            "MAX_USAGE_BATCH_REQUEST_BYTES, -1"
    })
    void an_invalid_value_is_refused_naming_the_variable(String variable, String value) {
        MockEnvironment environment = new MockEnvironment().withProperty(variable, value);

        assertThatThrownBy(() -> settings.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> {
                    if (StartupSettings.MAY_HOLD_A_SECRET.contains(variable)) {
                        assertThat(e.getMessage()).doesNotContain(value).contains("not shown");
                    } else {
                        assertThat(e.getMessage()).contains(value);
                    }
                });
    }

    @Test
    void an_invalid_database_url_is_named_without_its_password() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_URL", "mysql://billing:s3cret-pass@db.internal/billing");

        assertThatThrownBy(() -> settings.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void a_migration_url_without_a_database_url_is_refused_without_echoing_it() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("DATABASE_MIGRATION_URL", "postgresql://owner:secret@localhost:5432/billing");

        assertThatThrownBy(() -> settings.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DATABASE_MIGRATION_URL")
                .hasMessageNotContaining("secret");
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

        assertThatCode(() -> settings.postProcessEnvironment(environment, new SpringApplication()))
                .doesNotThrowAnyException();
    }

    @Test
    void the_failure_analysis_tells_what_to_do() {
        InvalidSettingException problem = new InvalidSettingException("PORT", "abc", "an integer");
        var analysis = new InvalidSettingFailureAnalyzer().analyze(problem);
        assertThat(analysis.getDescription()).contains("PORT").contains("abc");
        assertThat(analysis.getAction()).contains("PORT");
    }
}
