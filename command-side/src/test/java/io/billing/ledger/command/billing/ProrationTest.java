package io.billing.ledger.command.billing;

import io.billing.ledger.api.money.ProrationLine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine.LineType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worked proration examples of docs/billing-math.md, with their exact numbers. */
class ProrationTest {

    /** April 2025: 30 days, 2 592 000 seconds. */
    private static final BillingPeriod APRIL = BillingPeriod.of(at("2025-04-01T00:00:00Z"), at("2025-05-01T00:00:00Z"));
    private static final long APRIL_SECONDS = 2_592_000;

    private static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }

    private static long sum(List<ProrationLine> lines) {
        return lines.stream().mapToLong(line -> line.amount().amount()).sum();
    }

    @Test
    void prorating_multiplies_before_it_divides() {
        assertThat(APRIL.seconds()).isEqualTo(APRIL_SECONDS);
        // 1999 × 3 × 864000 / 2592000 = 1999 exactly: one third of the period at quantity 3
        assertThat(Proration.prorate(usd(1999), 3, 864_000, APRIL_SECONDS)).isEqualTo(usd(1999));
    }

    @Test
    void an_exact_half_rounds_down_to_an_even_number() {
        assertThat(Proration.prorate(usd(5), 1, 1, 2)).isEqualTo(usd(2));          // 2.5 → 2
        assertThat(Proration.prorate(usd(2997), 1, 1, 2)).isEqualTo(usd(1498));    // 1498.5 → 1498
        assertThat(Proration.prorate(usd(1000), 1, 6480, APRIL_SECONDS)).isEqualTo(usd(2)); // 2.5 → 2
    }

    @Test
    void an_exact_half_rounds_up_to_an_even_number() {
        assertThat(Proration.prorate(usd(3), 1, 1, 2)).isEqualTo(usd(2));          // 1.5 → 2
        assertThat(Proration.prorate(usd(2999), 1, 1, 2)).isEqualTo(usd(1500));    // 1499.5 → 1500
        assertThat(Proration.prorate(usd(1000), 1, 3888, APRIL_SECONDS)).isEqualTo(usd(2)); // 1.5 → 2
    }

    @Test
    void anything_but_a_half_rounds_to_the_nearest_minor_unit() {
        assertThat(Proration.prorate(usd(1000), 1, 3887, APRIL_SECONDS)).isEqualTo(usd(1)); // 1.49961…
        assertThat(Proration.prorate(usd(1000), 1, 3889, APRIL_SECONDS)).isEqualTo(usd(2)); // 1.50038…
        assertThat(Proration.prorate(usd(1000), 1, 6481, APRIL_SECONDS)).isEqualTo(usd(3)); // 2.50038…
    }

    @Test
    void the_whole_period_is_the_whole_price_and_no_time_is_nothing() {
        assertThat(Proration.prorate(usd(4999), 7, APRIL_SECONDS, APRIL_SECONDS)).isEqualTo(usd(34_993));
        assertThat(Proration.prorate(usd(4999), 7, 0, APRIL_SECONDS)).isEqualTo(usd(0));
    }

    @Test
    void an_intermediate_product_beyond_a_long_is_still_exact() {
        // MAX × 2 overflows a long; the prorated result does not.
        assertThat(Proration.prorate(usd(Long.MAX_VALUE), 2, 1, 2)).isEqualTo(usd(Long.MAX_VALUE));
        assertThat(Proration.prorate(usd(Long.MAX_VALUE), 1, APRIL_SECONDS - 1, APRIL_SECONDS).amount())
                .isEqualTo(9_223_368_478_455_070_230L);
    }

    @Test
    void a_result_beyond_a_long_is_an_error_not_a_wrap() {
        assertThatThrownBy(() -> Proration.prorate(usd(Long.MAX_VALUE), 2, 1, 1))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("overflows");
    }

    @Test
    void a_plan_change_credits_the_old_price_and_debits_the_new_for_the_rest_of_the_period() {
        // Day 11 of 30 at 00:00: 20 days = 1728000 s remain.
        List<ProrationLine> lines = Proration.planChange(usd(3000), usd(6000), 2, APRIL, at("2025-04-11T00:00:00Z"));

        BillingPeriod rest = BillingPeriod.of(at("2025-04-11T00:00:00Z"), APRIL.end());
        assertThat(lines).containsExactly(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, usd(-4000), 2, rest),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, usd(8000), 2, rest));
    }

    @Test
    void two_plan_changes_in_one_period_charge_each_plan_for_the_time_it_was_used() {
        Money planA = usd(3000);
        Money planB = usd(6000);
        Money planC = usd(4500);
        List<ProrationLine> toB = Proration.planChange(planA, planB, 2, APRIL, at("2025-04-11T00:00:00Z"));
        List<ProrationLine> toC = Proration.planChange(planB, planC, 2, APRIL, at("2025-04-21T00:00:00Z"));

        assertThat(toB).extracting(ProrationLine::amount).containsExactly(usd(-4000), usd(8000));
        assertThat(toC).extracting(ProrationLine::amount).containsExactly(usd(-4000), usd(3000));
        // Paid up front: A × 2 = 6000. With the four lines: 9000 = A 10 days (2000) + B 10 days (4000) + C 10 days (3000).
        long total = planA.times(2).amount() + sum(toB) + sum(toC);
        assertThat(total).isEqualTo(9000);
    }

    @Test
    void two_plan_changes_at_uneven_instants_round_each_line_once() {
        // 2025-04-08T13:20:00Z leaves 1 939 200 s; 2025-04-19T06:00:00Z leaves 1 015 200 s.
        List<ProrationLine> toB = Proration.planChange(usd(1999), usd(4999), 1, APRIL, at("2025-04-08T13:20:00Z"));
        List<ProrationLine> toC = Proration.planChange(usd(4999), usd(999), 1, APRIL, at("2025-04-19T06:00:00Z"));

        // 1999 × 1939200/2592000 = 1495.55…; 4999 × 1939200/2592000 = 3739.99…
        assertThat(toB).extracting(ProrationLine::amount).containsExactly(usd(-1496), usd(3740));
        // 4999 × 1015200/2592000 = 1957.94…; 999 × 1015200/2592000 = 391.27…
        assertThat(toC).extracting(ProrationLine::amount).containsExactly(usd(-1958), usd(391));
    }

    @Test
    void a_change_at_the_very_first_second_replaces_the_whole_period() {
        List<ProrationLine> lines = Proration.planChange(usd(3000), usd(6000), 2, APRIL, APRIL.start());

        assertThat(lines).extracting(ProrationLine::amount).containsExactly(usd(-6000), usd(12_000));
        assertThat(lines).extracting(ProrationLine::period).containsOnly(APRIL);
    }

    @Test
    void a_change_at_the_very_last_second_prorates_one_second() {
        Instant lastSecond = at("2025-04-30T23:59:59Z");
        // 1 s of 2592000: 3000 × 2 / 2592000 rounds to 0; 1296000 / 2592000 = 0.5 → 0; 3888000 / 2592000 = 1.5 → 2
        assertThat(Proration.planChange(usd(3000), usd(6000), 2, APRIL, lastSecond))
                .extracting(ProrationLine::amount).containsExactly(usd(0), usd(0));
        assertThat(Proration.planChange(usd(1_296_000), usd(3_888_000), 1, APRIL, lastSecond))
                .extracting(ProrationLine::amount).containsExactly(usd(0), usd(2));
        assertThat(Proration.planChange(usd(3000), usd(6000), 2, APRIL, lastSecond).get(0).period())
                .isEqualTo(BillingPeriod.of(lastSecond, APRIL.end()));
    }

    @Test
    void a_change_at_the_end_of_the_period_belongs_to_the_next_period() {
        assertThatThrownBy(() -> Proration.planChange(usd(3000), usd(6000), 2, APRIL, APRIL.end()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not within the period");
    }

    @Test
    void a_quantity_change_credits_the_old_quantity_and_debits_the_new() {
        List<ProrationLine> lines = Proration.quantityChange(usd(1000), 3, 5, APRIL, at("2025-04-16T00:00:00Z"));

        // 15 of 30 days remain: −1000 × 3 / 2, +1000 × 5 / 2
        assertThat(lines).extracting(ProrationLine::amount).containsExactly(usd(-1500), usd(2500));
        assertThat(lines).extracting(ProrationLine::quantity).containsExactly(3L, 5L);
    }

    @Test
    void an_immediate_cancel_credits_the_unused_time() {
        Instant canceledAt = at("2025-04-10T07:13:20Z");
        ProrationLine credit = Proration.unusedTimeCredit(usd(4999), 1, APRIL, canceledAt);

        // 1788400 of 2592000 s unused: 4999 × 1788400 / 2592000 = 3449.15…
        assertThat(Proration.remainingSeconds(APRIL, canceledAt)).isEqualTo(1_788_400);
        assertThat(credit.type()).isEqualTo(LineType.PRORATION_CREDIT);
        assertThat(credit.amount()).isEqualTo(usd(-3449));
        assertThat(credit.period()).isEqualTo(BillingPeriod.of(canceledAt, APRIL.end()));
    }

    @Test
    void a_fraction_of_a_second_is_not_credited() {
        assertThat(Proration.remainingSeconds(APRIL, at("2025-04-30T23:59:58.250Z"))).isEqualTo(1);
    }

    @Test
    void a_first_period_that_is_not_the_tail_of_its_full_period_is_refused() {
        BillingPeriod notTheTail = BillingPeriod.of(at("2025-04-05T00:00:00Z"), at("2025-04-20T00:00:00Z"));

        assertThatThrownBy(() -> Proration.firstPeriodFee(usd(3000), 1, notTheTail, APRIL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be the tail of the full period");
    }

    @Test
    void bad_arguments_are_refused_with_a_message_that_names_them() {
        assertThatThrownBy(() -> Proration.prorate(usd(100), 0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("quantity must be at least 1, was 0");
        assertThatThrownBy(() -> Proration.prorate(usd(100), 1, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("remaining seconds must be between 0 and the period's 2, was 3");
        assertThatThrownBy(() -> Proration.prorate(usd(100), 1, -1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("remaining seconds must be between 0 and the period's 2, was -1");
        assertThatThrownBy(() -> Proration.prorate(usd(100), 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period length must be at least 1 second, was 0");
        assertThatThrownBy(() -> Proration.prorate(usd(-100), 1, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price must not be negative, was -100 usd");
        assertThatThrownBy(() -> Proration.planChange(usd(100), Money.of(100, "eur"), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot prorate between usd and eur");
        assertThatThrownBy(() -> Proration.unusedTimeCredit(usd(100), 1, APRIL, at("2025-03-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not within the period");
    }

    @Test
    void line_types_have_snake_case_json_names() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(Stream.of(LineType.values()).map(type -> {
            try {
                return json.writeValueAsString(type);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).containsExactly("\"plan_charge\"", "\"usage_charge\"", "\"proration_credit\"", "\"proration_debit\"",
                "\"credit_applied\"");
        assertThat(json.readValue("\"proration_debit\"", LineType.class)).isEqualTo(LineType.PRORATION_DEBIT);
    }

    @Test
    void a_credit_line_cannot_be_positive_and_a_debit_line_cannot_be_negative() {
        assertThatThrownBy(() -> new ProrationLine(LineType.PRORATION_CREDIT, "x", usd(1), 1, APRIL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProrationLine(LineType.PRORATION_DEBIT, "x", usd(-1), 1, APRIL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_change_names_the_price_it_refuses() {
        assertThatThrownBy(() -> Proration.change(usd(-1), 1, usd(100), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("old price must not be negative, was -1 usd");
        assertThatThrownBy(() -> Proration.change(usd(100), 1, usd(-1), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("new price must not be negative, was -1 usd");
    }

    @Test
    void a_period_change_credits_the_charged_fee_and_debits_the_new_fee_for_the_rest_of_the_period() {
        // a third of April left; the fees are for the whole period, whatever the quantities
        Instant changedAt = at("2025-04-21T00:00:00Z");
        BillingPeriod rest = BillingPeriod.of(changedAt, APRIL.end());

        List<ProrationLine> lines = Proration.periodChange(usd(3000), 2, usd(6000), 3, APRIL, changedAt);

        assertThat(lines).containsExactly(
                new ProrationLine(LineType.PRORATION_CREDIT, "Unused time " + rest, usd(-1000), 2, rest),
                new ProrationLine(LineType.PRORATION_DEBIT, "Remaining time " + rest, usd(2000), 3, rest));
        assertThat(Proration.creditAgainst(usd(3000), 2, APRIL, changedAt)).isEqualTo(lines.get(0));
        assertThat(Proration.debitFor(usd(6000), 3, APRIL, changedAt)).isEqualTo(lines.get(1));
    }

    @Test
    void a_period_change_refuses_a_negative_fee_or_two_currencies() {
        assertThatThrownBy(() -> Proration.periodChange(usd(-1), 1, usd(100), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("charged fee must not be negative, was -1 usd");
        assertThatThrownBy(() -> Proration.periodChange(usd(100), 1, usd(-1), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("new fee must not be negative, was -1 usd");
        assertThatThrownBy(() -> Proration.periodChange(usd(100), 1, Money.of(100, "eur"), 1, APRIL, APRIL.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot prorate between usd and eur");
    }
}
