package io.billing.ledger.api.dunning;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What started a payment retry: its time in the schedule, a new default payment method, or an operator (retry-now). */
public enum RetryTrigger {
    SCHEDULED("scheduled"),
    PAYMENT_METHOD("payment_method"),
    OPERATOR("operator");

    private final String wire;

    RetryTrigger(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RetryTrigger fromWire(String value) {
        for (RetryTrigger candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
