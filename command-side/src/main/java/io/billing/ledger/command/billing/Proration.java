package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Proration to the second, as Stripe's (DESIGN §4, docs/billing-math.md):
 * {@code price × quantity × remainingSeconds / periodSeconds}, computed exactly and
 * rounded once, half-even, per line.
 */
public final class Proration {

    private Proration() {
    }

    /** {@code price × quantity × remainingSeconds / periodSeconds}, rounded half-even; an overflow of the result throws. */
    public static Money prorate(Money price, long quantity, long remainingSeconds, long periodSeconds) {
        requirePrice(price, "price");
        requireQuantity(quantity);
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("period length must be at least 1 second, was " + periodSeconds);
        }
        if (remainingSeconds < 0 || remainingSeconds > periodSeconds) {
            throw new IllegalArgumentException("remaining seconds must be between 0 and the period's "
                    + periodSeconds + ", was " + remainingSeconds);
        }
        // The product can exceed a long even when the prorated result does not.
        BigInteger exact = BigInteger.valueOf(price.amount())
                .multiply(BigInteger.valueOf(quantity))
                .multiply(BigInteger.valueOf(remainingSeconds));
        BigInteger rounded = divideHalfEven(exact, BigInteger.valueOf(periodSeconds));
        if (rounded.bitLength() > 63) {
            throw new ArithmeticException("prorated amount overflows: " + price + " × " + quantity
                    + " × " + remainingSeconds + " / " + periodSeconds);
        }
        return Money.of(rounded.longValue(), price.currency());
    }

    /**
     * Whole seconds from {@code instant} to the end of {@code period}. A fraction of a second is
     * dropped, so that a credit never covers time that was used.
     */
    public static long remainingSeconds(BillingPeriod period, Instant instant) {
        requireWithin(period, instant);
        return Duration.between(instant, period.end()).getSeconds();
    }

    /**
     * The fee for a first period: the whole fee when it is a full period, otherwise the fee
     * prorated to the second against the full period it lies in.
     */
    public static Money firstPeriodFee(Money price, long quantity, BillingPeriod firstPeriod, BillingPeriod fullPeriod) {
        Objects.requireNonNull(firstPeriod, "firstPeriod");
        Objects.requireNonNull(fullPeriod, "fullPeriod");
        if (!firstPeriod.end().equals(fullPeriod.end()) || firstPeriod.start().isBefore(fullPeriod.start())) {
            throw new IllegalArgumentException("first period " + firstPeriod + " must be the tail of the full period " + fullPeriod);
        }
        return prorate(price, quantity, remainingSeconds(fullPeriod, firstPeriod.start()), fullPeriod.seconds());
    }

    /**
     * A plan change inside the period (same interval, so the period is kept): a credit for the
     * unused time on the old price and a debit for the remaining time on the new one.
     */
    public static List<ProrationLine> planChange(Money oldPrice, Money newPrice, long quantity,
                                                 BillingPeriod period, Instant changedAt) {
        return change(oldPrice, quantity, newPrice, quantity, period, changedAt);
    }

    /** A quantity change inside the period: the same two lines, at the old and the new quantity. */
    public static List<ProrationLine> quantityChange(Money price, long oldQuantity, long newQuantity,
                                                     BillingPeriod period, Instant changedAt) {
        return change(price, oldQuantity, price, newQuantity, period, changedAt);
    }

    /** The credit for the unused rest of the period when a subscription is canceled immediately with proration. */
    public static ProrationLine unusedTimeCredit(Money price, long quantity, BillingPeriod period, Instant canceledAt) {
        long remaining = remainingSeconds(period, canceledAt);
        Money credit = prorate(price, quantity, remaining, period.seconds()).negate();
        BillingPeriod unused = BillingPeriod.of(canceledAt, period.end());
        return new ProrationLine(ProrationLine.LineType.PRORATION_CREDIT, "Unused time " + unused, credit, quantity, unused);
    }

    /** The credit for the old fee and the debit for the new one over the rest of the period; both may change. */
    public static List<ProrationLine> change(Money oldPrice, long oldQuantity, Money newPrice, long newQuantity,
                                               BillingPeriod period, Instant changedAt) {
        requirePrice(oldPrice, "old price");
        requirePrice(newPrice, "new price");
        if (!oldPrice.currency().equals(newPrice.currency())) {
            throw new IllegalArgumentException("cannot prorate between " + oldPrice.currency() + " and " + newPrice.currency());
        }
        long remaining = remainingSeconds(period, changedAt);
        BillingPeriod rest = BillingPeriod.of(changedAt, period.end());
        ProrationLine credit = new ProrationLine(ProrationLine.LineType.PRORATION_CREDIT, "Unused time " + rest,
                prorate(oldPrice, oldQuantity, remaining, period.seconds()).negate(), oldQuantity, rest);
        ProrationLine debit = new ProrationLine(ProrationLine.LineType.PRORATION_DEBIT, "Remaining time " + rest,
                prorate(newPrice, newQuantity, remaining, period.seconds()), newQuantity, rest);
        return List.of(credit, debit);
    }

    /**
     * A change inside a period against what was charged for it: {@code chargedFee} and {@code newFee} are
     * fees for the whole of {@code period} (a partial period's own fee, not the full period's), so the credit
     * is at most what was charged for {@code [changedAt, end)} and the debit what the new terms cost for it.
     */
    public static List<ProrationLine> periodChange(Money chargedFee, long chargedQuantity, Money newFee,
                                                   long newQuantity, BillingPeriod period, Instant changedAt) {
        requirePrice(chargedFee, "charged fee");
        requirePrice(newFee, "new fee");
        if (!chargedFee.currency().equals(newFee.currency())) {
            throw new IllegalArgumentException("cannot prorate between " + chargedFee.currency() + " and "
                    + newFee.currency());
        }
        return List.of(creditAgainst(chargedFee, chargedQuantity, period, changedAt),
                debitFor(newFee, newQuantity, period, changedAt));
    }

    /** The credit for the unused rest of {@code period}, of which {@code chargedFee} was charged for the whole. */
    public static ProrationLine creditAgainst(Money chargedFee, long quantity, BillingPeriod period, Instant at) {
        long remaining = remainingSeconds(period, at);
        BillingPeriod rest = BillingPeriod.of(at, period.end());
        return new ProrationLine(ProrationLine.LineType.PRORATION_CREDIT, "Unused time " + rest,
                prorate(chargedFee, 1, remaining, period.seconds()).negate(), quantity, rest);
    }

    /** The debit for the rest of {@code period} at terms whose fee for the whole of it is {@code periodFee}. */
    public static ProrationLine debitFor(Money periodFee, long quantity, BillingPeriod period, Instant at) {
        long remaining = remainingSeconds(period, at);
        BillingPeriod rest = BillingPeriod.of(at, period.end());
        return new ProrationLine(ProrationLine.LineType.PRORATION_DEBIT, "Remaining time " + rest,
                prorate(periodFee, 1, remaining, period.seconds()), quantity, rest);
    }

    private static BigInteger divideHalfEven(BigInteger dividend, BigInteger divisor) {
        BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        BigInteger quotient = quotientAndRemainder[0];
        int twiceRemainderAgainstDivisor = quotientAndRemainder[1].shiftLeft(1).compareTo(divisor);
        boolean roundUp = twiceRemainderAgainstDivisor > 0
                || (twiceRemainderAgainstDivisor == 0 && quotient.testBit(0));
        return roundUp ? quotient.add(BigInteger.ONE) : quotient;
    }

    private static void requirePrice(Money price, String name) {
        Objects.requireNonNull(price, name);
        if (price.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + price);
        }
    }

    private static void requireQuantity(long quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }

    private static void requireWithin(BillingPeriod period, Instant instant) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(instant, "instant");
        if (!period.contains(instant)) {
            throw new IllegalArgumentException(instant + " is not within the period " + period);
        }
    }
}
