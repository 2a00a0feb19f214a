package io.billing.ledger.projection.support;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code billing.read-model}: how long a request waits for the read tables to show its own
 * write (read-your-writes) or for processors to catch up. No environment variable sets it.
 */
@Validated
@ConfigurationProperties("billing.read-model")
public record ReadModelSettings(@NotNull @DurationMin(millis = 1) @DefaultValue("PT5S") Duration waitTimeout) {
}
