package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * A credit against a finalized invoice: it lowers the amount due of an open invoice
 * ({@code reducedAmountDue}); on a paid invoice it becomes customer credit balance
 * ({@code creditToBalance}), applied on the next invoice. {@code customerId} names whose
 * balance that is (null on events recorded before it was carried).
 */
public record CreditNoteIssued(String invoiceId,
                               String creditNoteId,
                               Money amount,
                               String reason,
                               Money reducedAmountDue,
                               Money creditToBalance,
                               Instant issuedAt,
                               List<CreditNoteLine> lines,
                               String customerId) {

    public CreditNoteIssued {
        lines = lines == null ? List.of() : List.copyOf(lines); // events recorded before lines existed
    }

    public CreditNoteIssued(String invoiceId, String creditNoteId, Money amount, String reason,
                            Money reducedAmountDue, Money creditToBalance, Instant issuedAt) {
        this(invoiceId, creditNoteId, amount, reason, reducedAmountDue, creditToBalance, issuedAt, List.of(), null);
    }

    public CreditNoteIssued(String invoiceId, String creditNoteId, Money amount, String reason,
                            Money reducedAmountDue, Money creditToBalance, Instant issuedAt,
                            List<CreditNoteLine> lines) {
        this(invoiceId, creditNoteId, amount, reason, reducedAmountDue, creditToBalance, issuedAt, lines, null);
    }
}
