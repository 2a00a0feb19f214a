package io.billing.ledger.api.dunning;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A step of dunning: a payment retry, or an escalation of the ladder (DUNNING_ESCALATION). */
public enum DunningAction {
    RETRY("retry"),
    NOTIFY("notify"),
    PAUSE("pause"),
    CANCEL("cancel");

    private final String wire;

    DunningAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DunningAction fromWire(String value) {
        for (DunningAction candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
