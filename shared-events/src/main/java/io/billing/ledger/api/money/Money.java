package io.billing.ledger.api.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in minor units (cents) of one ISO-4217 currency. Arithmetic is exact: an
 * overflow throws rather than wraps, and amounts of different currencies never mix.
 */
public record Money(long amount, String currency) implements Comparable<Money> {

    private static final Pattern CURRENCY = Pattern.compile("^[a-z]{3}$");

    @JsonCreator
    public Money(@JsonProperty("amount") long amount, @JsonProperty("currency") String currency) {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be a lower-case ISO-4217 code, was " + currency);
        }
        this.amount = amount;
        this.currency = currency;
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(amount), currency);
    }

    @JsonIgnore // a question, not a property: keeps the JSON to amount and currency
    public boolean isNegative() {
        return amount < 0;
    }

    @JsonIgnore
    public boolean isZero() {
        return amount == 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amount, other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
