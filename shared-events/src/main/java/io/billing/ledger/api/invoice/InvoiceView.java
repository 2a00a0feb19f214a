package io.billing.ledger.api.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An invoice with everything a PDF needs: customer, period, number, dates, lines, totals, credit notes.
 * A regenerated draft names the voided invoice it replaces ({@code replacesInvoiceId}); the voided one
 * names its replacement ({@code replacedByInvoiceId}).
 */
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
                          long version,
                          Map<String, String> metadata,
                          String replacesInvoiceId,
                          String replacedByInvoiceId) {

    public InvoiceView {
        metadata = metadata == null ? Map.of() : metadata; // views stored before metadata existed
    }

    /** The only collection method today: the ledger charges the customer's payment method. */
    public static final String CHARGE_AUTOMATICALLY = "charge_automatically";

    /**
     * {@code id} is {@code <invoiceId>_<index>}: stable across replays. {@code unitAmountCents}
     * of a proration or credit line is amountCents / quantity, rounded half-even
     * (docs/billing-math.md). A subscription's pending proration lines have this shape too, with
     * {@code id} and {@code invoiceId} null: they are on no invoice yet.
     */
    public record Line(String id, String invoiceId, String type, String description, long quantity,
                       long unitAmountCents, long amountCents, Instant periodStart, Instant periodEnd,
                       Map<String, String> metadata) {

        public Line {
            metadata = metadata == null ? Map.of() : metadata; // views stored before line metadata existed
        }

        public Line(String id, String invoiceId, String type, String description, long quantity,
                    long unitAmountCents, long amountCents, Instant periodStart, Instant periodEnd) {
            this(id, invoiceId, type, description, quantity, unitAmountCents, amountCents, periodStart, periodEnd,
                    Map.of());
        }
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
