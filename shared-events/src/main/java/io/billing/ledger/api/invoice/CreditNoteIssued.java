package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;

/**
 * A credit against a finalized invoice: it lowers the amount due of an open invoice
 * ({@code reducedAmountDue}); on a paid invoice it becomes customer credit balance
 * ({@code creditToBalance}), applied on the next invoice.
 */
public record CreditNoteIssued(String invoiceId,
                               String creditNoteId,
                               Money amount,
                               String reason,
                               Money reducedAmountDue,
                               Money creditToBalance,
                               Instant issuedAt) {
}
