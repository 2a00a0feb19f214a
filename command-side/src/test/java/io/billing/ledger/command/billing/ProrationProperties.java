package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §4's proration invariants, with prices up to 10^9 minor units, quantities up to 10^4 and periods up to 400 days. */
class ProrationProperties {

    private static final long MAX_PERIOD_SECONDS = 400L * 86_400;

    @Provide
    Arbitrary<Money> prices() {
        return Arbitraries.longs().between(0, 1_000_000_000).map(amount -> Money.of(amount, "usd"));
    }

    @Provide
    Arbitrary<Long> quantities() {
        return Arbitraries.longs().between(1, 10_000);
    }

    @Provide
    Arbitrary<Long> periodLengths() {
        return Arbitraries.longs().between(1, MAX_PERIOD_SECONDS);
    }

    @Property
    void prorating_rounds_once_half_even(@ForAll("prices") Money price,
                                         @ForAll("quantities") long quantity,
                                         @ForAll("periodLengths") long periodSeconds,
                                         @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        long remaining = seed % (periodSeconds + 1);
        // An independent oracle: BigDecimal is fine in a test, never in a stored amount.
        BigDecimal expected = new BigDecimal(BigInteger.valueOf(price.amount())
                .multiply(BigInteger.valueOf(quantity))
                .multiply(BigInteger.valueOf(remaining)))
                .divide(BigDecimal.valueOf(periodSeconds), 0, RoundingMode.HALF_EVEN);

        assertThat(Proration.prorate(price, quantity, remaining, periodSeconds).amount())
                .isEqualTo(expected.longValueExact());
    }

    @Property
    void the_whole_period_costs_the_whole_price(@ForAll("prices") Money price,
                                                @ForAll("quantities") long quantity,
                                                @ForAll("periodLengths") long periodSeconds) {
        assertThat(Proration.prorate(price, quantity, periodSeconds, periodSeconds)).isEqualTo(price.times(quantity));
        assertThat(Proration.prorate(price, quantity, 0, periodSeconds).amount()).isZero();
    }

    @Property
    void a_credit_for_unused_time_never_exceeds_what_was_charged_for_that_time(
            @ForAll("prices") Money price,
            @ForAll("quantities") long quantity,
            @ForAll("periodLengths") long periodSeconds,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long chargedSeed,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long unusedSeed) {
        // Charged for the last `charged` seconds (a full, first or changed-to period); unused: the last `unused` of those.
        long charged = chargedSeed % (periodSeconds + 1);
        long unused = unusedSeed % (charged + 1);

        Money charge = Proration.prorate(price, quantity, charged, periodSeconds);
        Money credit = Proration.prorate(price, quantity, unused, periodSeconds);

        assertThat(credit).isLessThanOrEqualTo(charge);
    }

    @Property
    void over_any_run_of_plan_changes_no_plan_is_credited_more_than_it_was_charged(
            @ForAll @Size(min = 2, max = 8) List<@LongRange(min = 0, max = 1_000_000_000) Long> prices,
            @ForAll("quantities") long quantity,
            @ForAll @Size(min = 7, max = 7) List<@IntRange(min = 0, max = 2_591_999) Integer> changeOffsets) {
        BillingPeriod april = BillingPeriod.of(Instant.parse("2025-04-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));
        List<Instant> changes = new TreeSet<>(changeOffsets).stream()
                .limit(prices.size() - 1)
                .map(offset -> april.start().plusSeconds(offset))
                .toList();

        Money chargedForCurrentPlan = Money.of(prices.get(0), "usd").times(quantity); // paid in advance
        long total = chargedForCurrentPlan.amount();
        for (int i = 0; i < changes.size(); i++) {
            List<ProrationLine> lines = Proration.planChange(Money.of(prices.get(i), "usd"),
                    Money.of(prices.get(i + 1), "usd"), quantity, april, changes.get(i));
            Money credit = lines.get(0).amount().negate();
            assertThat(credit).isLessThanOrEqualTo(chargedForCurrentPlan);
            chargedForCurrentPlan = lines.get(1).amount();
            total += lines.get(0).amount().amount() + lines.get(1).amount().amount();
        }
        assertThat(total).isNotNegative();
    }

    @Property
    void splitting_a_period_into_n_parts_sums_to_the_whole_within_n_minor_units(
            @ForAll("prices") Money price,
            @ForAll("quantities") long quantity,
            @ForAll @LongRange(min = 2, max = MAX_PERIOD_SECONDS) long periodSeconds,
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 1, max = MAX_PERIOD_SECONDS) Long> cutSeeds) {
        TreeSet<Long> cuts = new TreeSet<>();
        cutSeeds.forEach(seed -> cuts.add(seed % periodSeconds)); // cut points inside the period
        cuts.remove(0L);
        cuts.add(periodSeconds);

        long sum = 0;
        long from = 0;
        for (long to : cuts) {
            sum += Proration.prorate(price, quantity, to - from, periodSeconds).amount();
            from = to;
        }
        long parts = cuts.size();
        long whole = price.times(quantity).amount();

        assertThat(Math.abs(sum - whole)).isLessThanOrEqualTo(parts);
        // Each line is off by at most half a minor unit, so in fact within n/2.
        assertThat(2 * Math.abs(sum - whole)).isLessThanOrEqualTo(parts);
    }

    @Property
    void a_plan_change_credit_is_the_credit_an_immediate_cancel_would_give(
            @ForAll("prices") Money oldPrice,
            @ForAll("prices") Money newPrice,
            @ForAll("quantities") long quantity,
            @ForAll @IntRange(min = 0, max = 2_591_999) int offset) {
        BillingPeriod april = BillingPeriod.of(Instant.parse("2025-04-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));
        Instant at = april.start().plusSeconds(offset);

        List<ProrationLine> lines = Proration.planChange(oldPrice, newPrice, quantity, april, at);

        assertThat(lines.get(0)).isEqualTo(Proration.unusedTimeCredit(oldPrice, quantity, april, at));
        assertThat(lines.get(0).amount().amount()).isNotPositive();
        assertThat(lines.get(1).amount().amount()).isNotNegative();
    }
}
