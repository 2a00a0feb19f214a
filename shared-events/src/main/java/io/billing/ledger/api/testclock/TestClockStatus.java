package io.billing.ledger.api.testclock;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A test clock is ready, or advancing while the work that fell due is carried out. */
public enum TestClockStatus {
    READY("ready"),
    ADVANCING("advancing");

    private final String wire;

    TestClockStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TestClockStatus fromWire(String value) {
        for (TestClockStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
