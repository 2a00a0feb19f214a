package io.billing.ledger.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AmountFormatTest {

    @Test
    void two_decimal_currencies() {
        assertThat(AmountFormat.format(2900, "usd")).isEqualTo("29.00 USD");
        assertThat(AmountFormat.format(5, "eur")).isEqualTo("0.05 EUR");
        assertThat(AmountFormat.format(0, "usd")).isEqualTo("0.00 USD");
        assertThat(AmountFormat.format(-150, "gbp")).isEqualTo("-1.50 GBP");
    }

    @Test
    void currencies_without_or_with_three_minor_digits() {
        assertThat(AmountFormat.format(500, "jpy")).isEqualTo("500 JPY");
        assertThat(AmountFormat.format(1234, "kwd")).isEqualTo("1.234 KWD");
    }

    @Test
    void extremes_stay_exact() {
        assertThat(AmountFormat.format(Long.MAX_VALUE, "usd")).isEqualTo("92233720368547758.07 USD");
        assertThat(AmountFormat.format(Long.MIN_VALUE, "usd")).isEqualTo("-92233720368547758.08 USD");
    }

    @Test
    void unknown_currencies_assume_cents() {
        assertThat(AmountFormat.format(199, "zzz")).isEqualTo("1.99 ZZZ");
    }

    @Test
    void with_minor_units_shows_both() {
        assertThat(AmountFormat.withMinorUnits(2900, "usd")).isEqualTo("2900 (29.00 USD)");
    }
}
