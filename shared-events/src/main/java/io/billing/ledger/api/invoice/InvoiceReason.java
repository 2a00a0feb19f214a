package io.billing.ledger.api.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why an invoice was made (Stripe's billing_reason). */
public enum InvoiceReason {
    SUBSCRIPTION_CREATE("subscription_create"),
    SUBSCRIPTION_CYCLE("subscription_cycle"),
    SUBSCRIPTION_UPDATE("subscription_update"),
    SUBSCRIPTION_CANCEL("subscription_cancel"),
    MANUAL("manual");

    private final String wire;

    InvoiceReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static InvoiceReason fromWire(String value) {
        for (InvoiceReason candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
