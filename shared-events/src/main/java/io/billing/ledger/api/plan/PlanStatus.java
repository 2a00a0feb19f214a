package io.billing.ledger.api.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether new subscriptions may be made to a plan. */
public enum PlanStatus {
    ACTIVE("active"),
    ARCHIVED("archived");

    private final String wire;

    PlanStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PlanStatus fromWire(String value) {
        for (PlanStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
