package io.billing.ledger.server.health;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** {@code billing.readiness}: READINESS_MAX_LAG, the projection lag beyond which /health/ready answers 503. */
@Validated
@ConfigurationProperties("billing.readiness")
public record ReadinessSettings(
        @NotNull @DurationMin(nanos = 0, message = "a duration such as 30s or PT30S") @DefaultValue("30s")
        Duration maxLag) {
}
