package io.billing.ledger.server.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * NODE_ENV ({@code billing.node-env}): production turns on HSTS and the strict webhook target
 * rules. The command side and the sagas read the same key with {@code @Value} (they may not see
 * this module); this record is where it is checked.
 */
@Validated
@ConfigurationProperties("billing")
public record DeploymentSettings(
        @NotNull @DefaultValue("development")
        @Pattern(regexp = "development|test|production", message = "one of development, test, production")
        String nodeEnv) {

    public boolean production() {
        return "production".equals(nodeEnv);
    }
}
