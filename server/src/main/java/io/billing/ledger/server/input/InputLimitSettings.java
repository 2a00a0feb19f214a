package io.billing.ledger.server.input;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code billing.input}: request body caps, MAX_REQUEST_BYTES and MAX_USAGE_BATCH_REQUEST_BYTES (413 above). */
@Validated
@ConfigurationProperties("billing.input")
public record InputLimitSettings(
        @Min(value = 1024, message = "bytes from 1024 to 1073741824")
        @Max(value = 1L << 30, message = "bytes from 1024 to 1073741824") long maxRequestBytes,
        @Min(value = 1024, message = "bytes from 1024 to 1073741824")
        @Max(value = 1L << 30, message = "bytes from 1024 to 1073741824") long maxUsageBatchRequestBytes) {
}
