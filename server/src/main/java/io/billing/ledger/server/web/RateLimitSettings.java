package io.billing.ledger.server.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code billing.rate-limit}: RATE_LIMIT_MAX_REQUESTS per API key in every RATE_LIMIT_WINDOW_MS. */
@Validated
@ConfigurationProperties("billing.rate-limit")
public record RateLimitSettings(
        @Min(value = 1, message = "a positive number of milliseconds")
        @Max(value = Integer.MAX_VALUE, message = "a positive number of milliseconds") long windowMs,
        @Min(value = 1, message = "a positive integer")
        @Max(value = Integer.MAX_VALUE, message = "a positive integer") long maxRequests) {
}
