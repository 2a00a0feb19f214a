package io.billing.ledger.api.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The seed's payment statuses. A payment waiting for the customer to authenticate (SCA) is still
 * {@code pending} (its {@code nextAction} says where to go); a partly refunded one stays
 * {@code succeeded}, a fully refunded one is {@code refunded}.
 */
public enum PaymentStatus {
    PENDING("pending"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    REFUNDED("refunded"),
    DISPUTED("disputed");

    private final String wire;

    PaymentStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PaymentStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(status -> status.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown payment status " + wire));
    }
}
