package io.billing.ledger.api.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an invoice stands: draft → open → (paid | void | uncollectible), uncollectible → paid. */
public enum InvoiceStatus {
    DRAFT("draft"),
    OPEN("open"),
    PAID("paid"),
    VOID("void"),
    UNCOLLECTIBLE("uncollectible");

    private final String wire;

    InvoiceStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static InvoiceStatus fromWire(String value) {
        for (InvoiceStatus candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
