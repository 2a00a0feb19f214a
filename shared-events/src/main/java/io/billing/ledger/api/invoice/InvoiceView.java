package io.billing.ledger.api.invoice;

import java.time.Instant;
import java.util.List;

/** An invoice with everything a PDF needs: customer, period, number, dates, lines, totals, credit notes. */
public record InvoiceView(String id,
                          String number,
                          String customerId,
                          String customerName,
                          String customerEmail,
                          String subscriptionId,
                          InvoiceStatus status,
                          InvoiceReason billingReason,
                          String currency,
                          Instant periodStart,
                          Instant periodEnd,
                          List<Line> lines,
                          long subtotalCents,
                          long taxAmountCents,
                          long totalCents,
                          long amountDueCents,
                          long amountPaidCents,
                          long creditCarriedForwardCents,
                          List<CreditNote> creditNotes,
                          boolean paidOutOfBand,
                          Instant createdAt,
                          Instant finalizeAt,
                          Instant finalizedAt,
                          Instant paidAt,
                          Instant voidedAt,
                          Instant updatedAt,
                          long version) {

    public record Line(String type, String description, long quantity, Long unitAmountCents, long amountCents,
                       Instant periodStart, Instant periodEnd) {
    }

    public record CreditNote(String id, long amountCents, String reason, Instant issuedAt, List<CreditNoteLine> lines) {

        public CreditNote {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        public CreditNote(String id, long amountCents, String reason, Instant issuedAt) {
            this(id, amountCents, reason, issuedAt, List.of());
        }
    }

    public record CreditNoteLine(String description, long amountCents) {
    }
}
