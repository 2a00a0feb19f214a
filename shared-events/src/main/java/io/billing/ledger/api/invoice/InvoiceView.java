package io.billing.ledger.api.invoice;

import java.time.Instant;
import java.util.List;

/** An invoice with everything a PDF needs: customer, period, number, dates, lines, totals, credit notes. */
public record InvoiceView(String id,
                          String invoiceNumber,
                          String customerId,
                          String customerName,
                          String customerEmail,
                          String subscriptionId,
                          InvoiceStatus status,
                          InvoiceReason billingReason,
                          String currency,
                          String collectionMethod,
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
                          Instant dueDate,
                          Instant paidAt,
                          Instant voidedAt,
                          Instant updatedAt,
                          long version) {

    /** The only collection method today: the ledger charges the customer's payment method. */
    public static final String CHARGE_AUTOMATICALLY = "charge_automatically";

    /**
     * {@code id} is {@code <invoiceId>_<index>}: stable across replays. {@code unitAmountCents}
     * of a proration or credit line is amountCents / quantity, truncated toward zero.
     */
    public record Line(String id, String invoiceId, String type, String description, long quantity,
                       long unitAmountCents, long amountCents, Instant periodStart, Instant periodEnd) {
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
