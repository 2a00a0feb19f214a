package io.billing.ledger.command.invoice;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.invoice.InvoiceStatus;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.billing.ledger.api.invoice.InvoiceStatus.DRAFT;
import static io.billing.ledger.api.invoice.InvoiceStatus.OPEN;
import static io.billing.ledger.api.invoice.InvoiceStatus.PAID;
import static io.billing.ledger.api.invoice.InvoiceStatus.UNCOLLECTIBLE;
import static io.billing.ledger.api.invoice.InvoiceStatus.VOID;

/** The invoice state machine: draft → open → (paid | void | uncollectible), uncollectible → paid. */
public final class InvoiceLifecycle {

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> ALLOWED = new EnumMap<>(InvoiceStatus.class);

    static {
        ALLOWED.put(DRAFT, EnumSet.of(OPEN));
        ALLOWED.put(OPEN, EnumSet.of(PAID, VOID, UNCOLLECTIBLE));
        ALLOWED.put(UNCOLLECTIBLE, EnumSet.of(PAID));
        ALLOWED.put(PAID, EnumSet.noneOf(InvoiceStatus.class));
        ALLOWED.put(VOID, EnumSet.noneOf(InvoiceStatus.class));
    }

    private InvoiceLifecycle() {
    }

    public static void require(String invoiceId, InvoiceStatus from, InvoiceStatus to, String action) {
        if (!ALLOWED.get(from).contains(to)) {
            List<String> allowed = ALLOWED.get(from).stream().map(InvoiceStatus::wire).toList();
            throw new ConflictException("Cannot " + action + " invoice " + invoiceId + ": it is " + from.wire()
                    + "; allowed from " + from.wire() + ": " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)),
                    from.wire(), allowed);
        }
    }
}
