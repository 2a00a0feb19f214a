package io.billing.ledger.command.testclock;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** {@code billing.test-clocks}: how long an advance request waits for the work it caused (no variable). */
@Validated
@ConfigurationProperties("billing.test-clocks")
public record TestClockSettings(@NotNull @DurationMin(millis = 1) @DefaultValue("PT60S") Duration advanceWait) {
}
