package io.billing.ledger.command.customer;

import io.billing.ledger.command.web.Metadata;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

public record UpdateCustomerRequest(
        @Size(max = 255) @Email(regexp = CustomerEmail.PATTERN, message = "must be a valid email address")
        String email,
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Metadata Map<String, Object> metadata) {
}
