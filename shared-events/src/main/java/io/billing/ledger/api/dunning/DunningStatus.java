package io.billing.ledger.api.dunning;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a dunning case stands: collecting ({@code active}), or closed ({@code resolved}, {@code exhausted}). */
public enum DunningStatus {
    ACTIVE("active"),
    RESOLVED("resolved"),
    EXHAUSTED("exhausted");

    private final String wire;

    DunningStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DunningStatus fromWire(String value) {
        for (DunningStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
