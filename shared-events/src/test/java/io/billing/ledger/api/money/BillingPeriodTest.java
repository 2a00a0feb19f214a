package io.billing.ledger.api.money;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The half-open interval a subscription is billed for. */
class BillingPeriodTest {

    private static final Instant START = Instant.parse("2026-01-31T00:00:00Z");
    private static final Instant END = Instant.parse("2026-02-28T00:00:00Z");

    @Test
    void a_period_ends_after_it_starts() {
        assertThatThrownBy(() -> BillingPeriod.of(START, START)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> BillingPeriod.of(END, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BillingPeriod.of(null, END)).isInstanceOf(NullPointerException.class)
                .hasMessage("start");
        assertThatThrownBy(() -> BillingPeriod.of(START, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("end");
        assertThat(BillingPeriod.of(START, START.plusNanos(1)).end()).isEqualTo(START.plusNanos(1));
    }

    @Test
    void it_contains_its_start_but_not_its_end() {
        BillingPeriod period = BillingPeriod.of(START, END);

        assertThat(period.contains(START)).isTrue();
        assertThat(period.contains(END.minusNanos(1))).isTrue();
        assertThat(period.contains(END)).isFalse();
        assertThat(period.contains(START.minusNanos(1))).isFalse();
    }

    @Test
    void its_length_in_time_and_seconds() {
        BillingPeriod period = BillingPeriod.of(START, END);

        assertThat(period.length()).isEqualTo(Duration.ofDays(28));
        assertThat(period.seconds()).isEqualTo(28L * 24 * 3600);
        assertThat(period).hasToString("[2026-01-31T00:00:00Z, 2026-02-28T00:00:00Z)");
    }
}
