package io.billing.ledger.api.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The length of a plan's billing period. */
public enum BillingInterval {
    MONTH("month"),
    YEAR("year");

    private final String wire;

    BillingInterval(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static BillingInterval fromWire(String value) {
        for (BillingInterval candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
