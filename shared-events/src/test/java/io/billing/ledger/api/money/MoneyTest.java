package io.billing.ledger.api.money;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arithmetic every amount goes through: exact, one currency at a time, never wrapping. */
class MoneyTest {

    @Test
    void an_amount_keeps_its_minor_units_and_currency() {
        Money money = Money.of(1999, "eur");

        assertThat(money.amount()).isEqualTo(1999);
        assertThat(money.currency()).isEqualTo("eur");
        assertThat(Money.zero("usd")).isEqualTo(new Money(0, "usd"));
    }

    @Test
    void the_currency_is_a_lower_case_iso_code() {
        assertThatThrownBy(() -> Money.of(1, "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EUR");
        assertThatThrownBy(() -> Money.of(1, "eu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "euro")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, "e1r")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("currency");
    }

    @Test
    void plus_and_minus_add_and_subtract_minor_units() {
        assertThat(Money.of(250, "eur").plus(Money.of(100, "eur"))).isEqualTo(Money.of(350, "eur"));
        assertThat(Money.of(250, "eur").minus(Money.of(100, "eur"))).isEqualTo(Money.of(150, "eur"));
        assertThat(Money.of(100, "eur").minus(Money.of(250, "eur"))).isEqualTo(Money.of(-150, "eur"));
    }

    @Test
    void times_and_negate() {
        assertThat(Money.of(250, "eur").times(3)).isEqualTo(Money.of(750, "eur"));
        assertThat(Money.of(250, "eur").times(0)).isEqualTo(Money.zero("eur"));
        assertThat(Money.of(250, "eur").negate()).isEqualTo(Money.of(-250, "eur"));
        assertThat(Money.of(-7, "eur").negate()).isEqualTo(Money.of(7, "eur"));
    }

    @Test
    void an_overflow_throws_instead_of_wrapping() {
        Money max = Money.of(Long.MAX_VALUE, "eur");
        Money min = Money.of(Long.MIN_VALUE, "eur");

        assertThatThrownBy(() -> max.plus(Money.of(1, "eur"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> min.minus(Money.of(1, "eur"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.times(2)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(min::negate).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void currencies_never_mix() {
        Money euros = Money.of(100, "eur");
        Money dollars = Money.of(100, "usd");

        assertThatThrownBy(() -> euros.plus(dollars)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot combine eur with usd");
        assertThatThrownBy(() -> euros.minus(dollars)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> euros.compareTo(dollars)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sign_questions_at_their_boundaries() {
        assertThat(Money.of(-1, "eur").isNegative()).isTrue();
        assertThat(Money.of(0, "eur").isNegative()).isFalse();
        assertThat(Money.of(1, "eur").isNegative()).isFalse();
        assertThat(Money.of(0, "eur").isZero()).isTrue();
        assertThat(Money.of(1, "eur").isZero()).isFalse();
        assertThat(Money.of(-1, "eur").isZero()).isFalse();
    }

    @Test
    void amounts_of_one_currency_order_by_minor_units() {
        assertThat(Money.of(1, "eur").compareTo(Money.of(2, "eur"))).isNegative();
        assertThat(Money.of(2, "eur").compareTo(Money.of(1, "eur"))).isPositive();
        assertThat(Money.of(2, "eur").compareTo(Money.of(2, "eur"))).isZero();
    }

    @Test
    void reads_as_amount_and_currency() {
        assertThat(Money.of(-1999, "eur")).hasToString("-1999 eur");
    }
}
