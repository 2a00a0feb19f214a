package io.billing.ledger.saga.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code billing.webhooks}: outbound webhooks (application.yml, README's configuration table).
 * WEBHOOK_SIGNING_SECRET keys the sealing of endpoint secrets; the rest shape delivery.
 */
@Validated
@ConfigurationProperties("billing.webhooks")
public record WebhookSettings(
        @NotBlank(message = "a non-empty secret") String signingSecret,
        @Min(value = 1, message = "milliseconds from 1 to 300000")
        @Max(value = 300_000, message = "milliseconds from 1 to 300000")
        @DefaultValue("10000") long deliveryTimeoutMs,
        @NotNull @DurationList @DefaultValue("1m,5m,30m,2h,12h") String retrySchedule,
        @NotNull @DurationMin(nanos = 1, message = "a positive duration such as 5d or PT120H")
        @DefaultValue("5d") Duration disableAfter,
        @Min(value = 1, message = "an integer from 1 to 256") @Max(value = 256, message = "an integer from 1 to 256")
        @DefaultValue("8") int workers,
        @Min(value = 1, message = "an integer from 1 to 64") @Max(value = 64, message = "an integer from 1 to 64")
        @DefaultValue("2") int perEndpointConcurrency,
        @NotNull @DurationMin(millis = 1) @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("true") boolean deliveryEnabled) {

    public Duration timeout() {
        return Duration.ofMillis(deliveryTimeoutMs);
    }

    public RetrySchedule schedule() {
        return RetrySchedule.parse(retrySchedule);
    }

    @Override
    public String toString() {
        return "WebhookSettings[workers=" + workers + "]"; // never the signing secret
    }
}
