package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Credits a finalized invoice; {@code lines}, when given, break the amount down and must add up to it. */
public record IssueCreditNote(@TargetAggregateIdentifier String invoiceId, String creditNoteId, long amountCents,
                              String reason, List<CreditNoteLine> lines) {

    public IssueCreditNote {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public IssueCreditNote(String invoiceId, String creditNoteId, long amountCents, String reason) {
        this(invoiceId, creditNoteId, amountCents, reason, List.of());
    }
}
