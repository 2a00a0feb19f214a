package io.billing.ledger.api.subscription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a subscription stands in its lifecycle (see SubscriptionLifecycle for the allowed transitions). */
public enum SubscriptionStatus {
    TRIALING("trialing"),
    ACTIVE("active"),
    PAST_DUE("past_due"),
    PAUSED("paused"),
    CANCELED("canceled");

    private final String wire;

    SubscriptionStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SubscriptionStatus fromWire(String value) {
        for (SubscriptionStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
