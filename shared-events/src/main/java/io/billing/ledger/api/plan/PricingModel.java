package io.billing.ledger.api.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a plan charges: a fixed fee per period in advance, or a price per metered unit in arrears. */
public enum PricingModel {
    FLAT_RATE("flat_rate"),
    PER_UNIT("per_unit");

    private final String wire;

    PricingModel(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PricingModel fromWire(String value) {
        for (PricingModel candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
