package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UsageWindowTest {

    private static final Instant JAN = Instant.parse("2026-01-15T10:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-15T10:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-15T10:00:00Z");

    @Test
    void the_latest_period_is_open() {
        assertThat(UsageWindow.isOpen(MAR, false, MAR, FEB)).isTrue();
    }

    @Test
    void the_period_before_the_latest_is_open_until_it_is_closed() {
        assertThat(UsageWindow.isOpen(FEB, false, MAR, FEB)).isTrue();
        assertThat(UsageWindow.isOpen(FEB, true, MAR, FEB)).isFalse();
    }

    @Test
    void an_older_period_is_not_open_even_if_never_closed() {
        assertThat(UsageWindow.isOpen(JAN, false, MAR, FEB)).isFalse();
    }

    @Test
    void a_closed_latest_period_is_not_open() {
        assertThat(UsageWindow.isOpen(MAR, true, MAR, FEB)).isFalse();
    }

    @Test
    void a_first_period_without_a_previous_one_is_open() {
        assertThat(UsageWindow.isOpen(JAN, false, JAN, null)).isTrue();
    }

    @Test
    void a_record_falls_in_the_latest_period_or_the_one_before_it_and_nowhere_else() {
        BillingPeriod march = BillingPeriod.of(MAR, Instant.parse("2026-04-15T10:00:00Z"));

        assertThat(UsageWindow.periodOf(MAR, march, FEB)).contains(march);
        assertThat(UsageWindow.periodOf(MAR.minusSeconds(1), march, FEB)).contains(BillingPeriod.of(FEB, MAR));
        assertThat(UsageWindow.periodOf(FEB, march, FEB)).contains(BillingPeriod.of(FEB, MAR));
        assertThat(UsageWindow.periodOf(FEB.minusSeconds(1), march, FEB)).isEmpty();
        assertThat(UsageWindow.periodOf(FEB, march, null)).isEmpty();
        assertThat(UsageWindow.periodOf(march.end(), march, FEB)).isEmpty();
    }
}
