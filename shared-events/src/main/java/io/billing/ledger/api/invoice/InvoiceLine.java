package io.billing.ledger.api.invoice;

import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of an invoice, already rounded. {@code unitAmount} is set for plan and usage
 * charges (amount = unit × quantity) and null for prorations and applied credit, whose
 * amount was prorated or capped as a whole. Credits are negative. {@code metadata} is the
 * line's own (empty when none; lines recorded before it existed read as empty).
 */
public record InvoiceLine(LineType type,
                          String description,
                          long quantity,
                          Money unitAmount,
                          Money amount,
                          BillingPeriod period,
                          Map<String, String> metadata) {

    public InvoiceLine {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public InvoiceLine(LineType type, String description, long quantity, Money unitAmount, Money amount,
                       BillingPeriod period) {
        this(type, description, quantity, unitAmount, amount, period, Map.of());
    }
}
