package io.billing.ledger.saga.scheduler;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * {@code billing.scheduler}: the billing scheduler's poll, its workers, and the processors a
 * test clock's advance waits for (no environment variable sets these; tests do).
 */
@Validated
@ConfigurationProperties("billing.scheduler")
public record SchedulerSettings(
        @DefaultValue("true") boolean enabled,
        @NotNull @DurationMin(millis = 1) @DefaultValue("PT1S") Duration pollInterval,
        @Min(1) @Max(64) @DefaultValue("4") int workers,
        @NotNull @DurationMin(millis = 1) @DefaultValue("PT10S") Duration downstreamWait,
        @NotNull @DefaultValue("invoicing-policy") List<String> downstreamProcessors) {
}
