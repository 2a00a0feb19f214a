package io.billing.ledger.api.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The step between the points of an MRR series: a UTC day, seven days, or a calendar month. */
public enum MetricsInterval {
    DAY("day"),
    WEEK("week"),
    MONTH("month");

    private final String wire;

    MetricsInterval(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static MetricsInterval fromWire(String value) {
        for (MetricsInterval candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown interval '" + value + "'");
    }
}
