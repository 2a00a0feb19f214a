package io.billing.ledger.api.subscription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a subscription ended. */
public enum CancellationReason {
    REQUESTED("requested"),
    PERIOD_END("period_end"),
    PAYMENT_FAILED("payment_failed");

    private final String wire;

    CancellationReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static CancellationReason fromWire(String value) {
        for (CancellationReason candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
