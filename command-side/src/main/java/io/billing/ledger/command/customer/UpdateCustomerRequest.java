package io.billing.ledger.command.customer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

public record UpdateCustomerRequest(
        @Size(max = 255) @Email(regexp = CustomerEmail.PATTERN, message = "must be a valid email address")
        String email,
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 50, message = "may hold at most 50 keys") Map<String, Object> metadata) {
}
