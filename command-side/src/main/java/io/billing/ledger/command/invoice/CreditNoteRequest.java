package io.billing.ledger.command.invoice;

import io.billing.ledger.command.web.MultilineText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A credit note; the optional lines break the amount down and must add up to it. */
public record CreditNoteRequest(@NotNull @Positive @Max(1_000_000_000_000L) Long amountCents,
                                @NotBlank @Size(max = 500) @MultilineText String reason,
                                @Size(max = 100) List<@Valid @NotNull Line> lines) {

    public record Line(@NotBlank @Size(max = 500) @MultilineText String description,
                       @NotNull @Positive @Max(1_000_000_000_000L) Long amountCents) {
    }
}
