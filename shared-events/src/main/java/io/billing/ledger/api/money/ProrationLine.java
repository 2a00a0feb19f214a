package io.billing.ledger.api.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * One already-rounded line of money for a stretch of a billing period. Credits are
 * negative, everything else is zero or positive, so an invoice total is the plain sum of
 * its lines.
 */
public record ProrationLine(LineType type, String description, Money amount, long quantity, BillingPeriod period) {

    public ProrationLine {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(period, "period");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        if (type == LineType.PRORATION_CREDIT || type == LineType.CREDIT_APPLIED ? amount.amount() > 0 : amount.isNegative()) {
            throw new IllegalArgumentException("a " + type.wire() + " line cannot amount to " + amount);
        }
    }

    public enum LineType {
        PLAN_CHARGE("plan_charge"),
        USAGE_CHARGE("usage_charge"),
        PRORATION_CREDIT("proration_credit"),
        PRORATION_DEBIT("proration_debit"),
        CREDIT_APPLIED("credit_applied");

        private final String wire;

        LineType(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static LineType fromWire(String value) {
            for (LineType candidate : values()) {
                if (candidate.wire.equals(value)) {
                    return candidate;
                }
            }
            throw new IllegalArgumentException("unknown line type '" + value + "'");
        }
    }
}
