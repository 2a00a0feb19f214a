package io.billing.ledger.command.usage;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The optional body of {@code POST /v1/usage/{id}/void}: why, for the audit trail. */
public record VoidUsageRequest(
        @Size(min = 1, max = 500) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String reason) {
}
