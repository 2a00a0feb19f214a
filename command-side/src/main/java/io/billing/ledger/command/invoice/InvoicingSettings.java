package io.billing.ledger.command.invoice;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code billing.invoicing}: how long a draft waits before it is finalized
 * (INVOICE_FINALIZE_DELAY, 0 = at once) and the days from finalization to the due date
 * (INVOICE_DAYS_UNTIL_DUE). Checked at start; a bad value stops the server naming the variable.
 */
@Validated
@ConfigurationProperties("billing.invoicing")
public record InvoicingSettings(
        @NotNull @DurationMin(nanos = 0, message = "a duration such as PT1H or 1h") Duration finalizeDelay,
        @Min(value = 0, message = "an integer from 0 to 365") @Max(value = 365, message = "an integer from 0 to 365")
        int daysUntilDue) {
}
