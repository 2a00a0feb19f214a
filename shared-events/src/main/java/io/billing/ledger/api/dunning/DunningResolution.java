package io.billing.ledger.api.dunning;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a dunning case closed without exhausting: the invoice was paid (by a charge or out of band), voided, or an operator closed it. */
public enum DunningResolution {
    PAID("paid"),
    PAID_OUT_OF_BAND("paid_out_of_band"),
    VOIDED("voided"),
    MANUAL("manual");

    private final String wire;

    DunningResolution(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DunningResolution fromWire(String value) {
        for (DunningResolution candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
