package io.billing.ledger.command.usage;

import io.billing.ledger.command.web.Metadata;
import io.billing.ledger.api.common.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/** One usage record as a client sends it (the seed's Ingest Usage body). */
public record UsageInput(
        @NotNull @Pattern(regexp = Ids.SUBSCRIPTION_ID, message = "must be a subscription id (sub_…)")
        String subscriptionId,
        @NotBlank @Size(min = 1, max = 255)
        // a batch record is read from a tree, past the request reader's one-line check
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String idempotencyKey,
        @NotNull @Positive @Max(1_000_000_000_000L) Long quantity,
        @NotNull Instant timestamp,
        @Metadata(allowNumbersAndBooleans = true) Map<String, Object> properties) {
}
