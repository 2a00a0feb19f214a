package io.billing.ledger.api.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an API key may do. */
public enum ApiKeyScope {
    READ("billing:read"),
    WRITE("billing:write"),
    ADMIN("admin");

    private final String wire;

    ApiKeyScope(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ApiKeyScope fromWire(String value) {
        for (ApiKeyScope candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "'");
    }
}
