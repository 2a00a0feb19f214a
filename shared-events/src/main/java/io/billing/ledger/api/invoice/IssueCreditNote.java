package io.billing.ledger.api.invoice;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record IssueCreditNote(@TargetAggregateIdentifier String invoiceId, String creditNoteId, long amountCents,
                              String reason) {
}
