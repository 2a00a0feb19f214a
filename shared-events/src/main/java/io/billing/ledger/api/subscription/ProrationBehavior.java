package io.billing.ledger.api.subscription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a plan or quantity change does with its proration lines: keep them for the next invoice, invoice them now, or drop them. */
public enum ProrationBehavior {
    CREATE_PRORATIONS("create_prorations"),
    ALWAYS_INVOICE("always_invoice"),
    NONE("none");

    private final String wire;

    ProrationBehavior(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ProrationBehavior fromWire(String value) {
        for (ProrationBehavior candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
