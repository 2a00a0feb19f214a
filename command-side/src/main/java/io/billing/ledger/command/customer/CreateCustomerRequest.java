package io.billing.ledger.command.customer;

import io.billing.ledger.command.web.Metadata;
import jakarta.validation.constraints.Email;
import io.billing.ledger.api.common.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

public record CreateCustomerRequest(
        @NotBlank @Size(max = 255) @Email(regexp = CustomerEmail.PATTERN, message = "must be a valid email address")
        String email,
        @NotBlank @Size(max = 200) String name,
        @Metadata Map<String, Object> metadata,
        @Pattern(regexp = Ids.TEST_CLOCK_ID, message = "must be a test clock id (clk_…)") String testClockId) {
}
