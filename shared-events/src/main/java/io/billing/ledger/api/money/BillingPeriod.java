package io.billing.ledger.api.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open interval of time {@code [start, end)} in UTC; the unit a subscription is billed for. */
public record BillingPeriod(Instant start, Instant end) {

    @JsonCreator
    public BillingPeriod(@JsonProperty("start") Instant start, @JsonProperty("end") Instant end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a billing period must end after it starts: " + start + " .. " + end);
        }
        this.start = start;
        this.end = end;
    }

    public static BillingPeriod of(Instant start, Instant end) {
        return new BillingPeriod(start, end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public long seconds() {
        return length().getSeconds();
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
