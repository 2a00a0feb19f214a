package io.billing.ledger.command.invoice;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

public record CreditNoteRequest(@NotNull @Positive @Max(1_000_000_000_000L) Long amountCents,
                                @NotBlank @Size(max = 500) String reason) {
}
