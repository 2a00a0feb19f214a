package io.billing.ledger.projection.metrics;

import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/** The normalisation of docs/metrics.md, with its worked examples. */
class MonthlyRevenueTest {

    @Test
    void a_monthly_amount_is_its_own_mrr() {
        assertThat(MonthlyRevenue.of(2900, BillingInterval.MONTH)).isEqualTo(2900);
    }

    @Test
    void a_yearly_amount_is_divided_by_twelve_and_rounded_half_even_once() {
        assertThat(MonthlyRevenue.of(120000, BillingInterval.YEAR)).isEqualTo(10000); // exact
        assertThat(MonthlyRevenue.of(99990, BillingInterval.YEAR)).isEqualTo(8332);   // 8332.5 → even 8332
        assertThat(MonthlyRevenue.of(100002, BillingInterval.YEAR)).isEqualTo(8334);  // 8333.5 → even 8334
        assertThat(MonthlyRevenue.of(99999, BillingInterval.YEAR)).isEqualTo(8333);   // 8333.25 → 8333
        assertThat(MonthlyRevenue.of(100001, BillingInterval.YEAR)).isEqualTo(8333);  // 8333.416… → 8333
        assertThat(MonthlyRevenue.of(100004, BillingInterval.YEAR)).isEqualTo(8334);  // 8333.666… → 8334
        assertThat(MonthlyRevenue.of(0, BillingInterval.YEAR)).isZero();
    }

    @Property
    void yearly_normalisation_is_the_half_even_quotient(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 4) long cents) {
        long expected = BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(12), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
        assertThat(MonthlyRevenue.of(cents, BillingInterval.YEAR)).isEqualTo(expected);
    }

    @Test
    void a_yearly_seat_plan_rounds_the_whole_fee_not_each_seat() {
        // 3 seats × 99990 = 299970 a year; / 12 = 24997.5 → 24998 (even); per seat 8332 × 3 would be 24996
        SubscriptionRevenue seats = revenue(SubscriptionStatus.ACTIVE, PricingModel.FLAT_RATE, 99990,
                BillingInterval.YEAR, 3, 0);
        assertThat(seats.mrrCents()).isEqualTo(24998);
    }

    @Test
    void only_active_and_past_due_subscriptions_count() {
        for (SubscriptionStatus status : SubscriptionStatus.values()) {
            long expected = status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.PAST_DUE ? 5000 : 0;
            assertThat(revenue(status, PricingModel.FLAT_RATE, 2500, BillingInterval.MONTH, 2, 0).mrrCents())
                    .as(status.wire()).isEqualTo(expected);
        }
    }

    @Test
    void a_per_unit_plan_counts_its_last_closed_periods_usage_amount_and_forgets_it_on_a_plan_change() {
        SubscriptionRevenue metered = revenue(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, 2, BillingInterval.MONTH,
                1, 0);
        assertThat(metered.mrrCents()).isZero(); // no period closed yet
        assertThat(metered.withMetered(1234).mrrCents()).isEqualTo(1234);
        assertThat(metered.withMetered(1234).withPlan(PricingModel.PER_UNIT, 3, BillingInterval.MONTH, 1).mrrCents())
                .isZero();
        // a yearly metered period normalises like a fee: 120006 / 12 = 10000.5 → 10000
        assertThat(revenue(SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT, 2, BillingInterval.YEAR, 1, 120006)
                .mrrCents()).isEqualTo(10000);
    }

    private static SubscriptionRevenue revenue(SubscriptionStatus status, PricingModel model, long price,
                                               BillingInterval interval, long quantity, long metered) {
        return new SubscriptionRevenue("sub_1", "cust_1", "usd", status, model, price, interval, quantity, metered);
    }
}
