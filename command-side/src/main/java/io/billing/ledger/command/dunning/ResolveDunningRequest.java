package io.billing.ledger.command.dunning;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Why an operator closes a case without a payment; kept on the record ({@code DunningResolved.reason}). */
public record ResolveDunningRequest(
        @NotNull @Size(min = 1, max = 500) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String reason) {
}
