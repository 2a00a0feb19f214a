package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.plan.BillingInterval;

/**
 * A period's amount as monthly revenue: a monthly amount as it is, a yearly one divided by 12 and
 * rounded half-even to the minor unit, once (docs/metrics.md, "Normalisation"). Integer arithmetic.
 */
public final class MonthlyRevenue {

    private MonthlyRevenue() {
    }

    public static long of(long periodAmountCents, BillingInterval interval) {
        return interval == BillingInterval.YEAR ? divideHalfEven(periodAmountCents, 12) : periodAmountCents;
    }

    static long divideHalfEven(long amount, long divisor) {
        long quotient = Math.floorDiv(amount, divisor);
        long twiceRemainder = Math.multiplyExact(Math.floorMod(amount, divisor), 2L);
        if (twiceRemainder > divisor || (twiceRemainder == divisor && (quotient & 1L) == 1L)) {
            return quotient + 1;
        }
        return quotient;
    }
}
