package io.billing.ledger.server.web;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code billing.idempotency}: how long a key's answer is kept, and how long a claimed key
 * answers 409 before a retry may resolve it by what committed (IDEMPOTENCY_LEASE).
 */
@Validated
@ConfigurationProperties("billing.idempotency")
public record IdempotencySettings(
        @NotNull @DurationMin(nanos = 1) Duration retention,
        @NotNull @DurationMin(nanos = 1, message = "a positive duration such as 30s or PT30S") Duration lease) {
}
