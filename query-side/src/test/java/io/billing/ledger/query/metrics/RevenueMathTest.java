package io.billing.ledger.query.metrics;

import io.billing.ledger.api.metrics.ChurnView;
import io.billing.ledger.api.metrics.CohortsView.Cohort;
import io.billing.ledger.api.metrics.MetricsInterval;
import io.billing.ledger.api.metrics.MrrView.Movements;
import io.billing.ledger.api.metrics.MrrView.Point;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.projection.metrics.MrrChange;
import io.billing.ledger.projection.metrics.RevenueHistory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.billing.ledger.api.subscription.SubscriptionStatus.ACTIVE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.CANCELED;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAST_DUE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAUSED;
import static org.assertj.core.api.Assertions.assertThat;

/** Movements, series, churn and cohorts over small hand-made timelines (docs/metrics.md's examples). */
class RevenueMathTest {

    private final Timeline timeline = new Timeline();

    @Test
    void a_change_is_classified_by_the_customers_mrr_before_and_after_it() {
        assertThat(MrrMovements.classify(0, 100, false)).isEqualTo(MrrMovements.Kind.NEW);
        assertThat(MrrMovements.classify(0, 100, true)).isEqualTo(MrrMovements.Kind.REACTIVATION);
        assertThat(MrrMovements.classify(100, 0, true)).isEqualTo(MrrMovements.Kind.CHURN);
        assertThat(MrrMovements.classify(100, 250, true)).isEqualTo(MrrMovements.Kind.EXPANSION);
        assertThat(MrrMovements.classify(250, 100, true)).isEqualTo(MrrMovements.Kind.CONTRACTION);
    }

    @Test
    void movements_of_the_docs_example_add_up_to_the_change() {
        // docs/metrics.md, "Movements": window (01-01, 02-01]
        timeline.change("sub_a", "cust_a", "2031-12-05T00:00:00Z", 10000, ACTIVE, null);  // before: sets A at 10000
        timeline.change("sub_b", "cust_b", "2031-12-06T00:00:00Z", 5000, ACTIVE, null);   // B 5000
        timeline.change("sub_b", "cust_b", "2031-12-20T00:00:00Z", 0, CANCELED, CancellationReason.REQUESTED);
        timeline.change("sub_c", "cust_c", "2032-01-03T00:00:00Z", 2000, ACTIVE, null);   // new +2000
        timeline.change("sub_a", "cust_a", "2032-01-10T00:00:00Z", 25000, ACTIVE, null);  // expansion +15000
        timeline.change("sub_b2", "cust_b", "2032-01-12T00:00:00Z", 5000, ACTIVE, null);  // reactivation +5000
        timeline.change("sub_c", "cust_c", "2032-01-20T00:00:00Z", 1500, ACTIVE, null);   // contraction −500
        timeline.change("sub_b2", "cust_b", "2032-01-25T00:00:00Z", 0, PAUSED, null);     // churn −5000
        timeline.change("sub_a", "cust_a", "2032-02-05T00:00:00Z", 0, CANCELED, null);    // after the window

        Movements movements = MrrMovements.between(timeline.changes, at("2032-01-01T00:00:00Z"),
                at("2032-02-01T00:00:00Z"));

        assertThat(movements).isEqualTo(new Movements(2000, 15000, -500, -5000, 5000));
        // 10000 at the start; 25000 + 1500 at the end: +16500
        assertThat(movements.total()).isEqualTo(16500);
    }

    @Test
    void one_customers_changes_at_one_instant_are_one_movement() {
        // a customer swaps one subscription for another at the same instant: 10000 → 0 → 12000 is an expansion
        timeline.change("sub_1", "cust_x", "2032-01-01T00:00:00Z", 10000, ACTIVE, null);
        timeline.change("sub_1", "cust_x", "2032-01-15T00:00:00Z", 0, CANCELED, CancellationReason.REQUESTED);
        timeline.change("sub_2", "cust_x", "2032-01-15T00:00:00Z", 12000, ACTIVE, null);

        assertThat(MrrMovements.between(timeline.changes, at("2032-01-01T00:00:00Z"), at("2032-02-01T00:00:00Z")))
                .isEqualTo(new Movements(0, 2000, 0, 0, 0));
    }

    @Test
    void the_series_takes_the_daily_points_and_the_changes_of_the_day_up_to_the_instant() {
        timeline.change("sub_1", "cust_1", "2032-01-01T10:00:00Z", 10000, ACTIVE, null);
        timeline.change("sub_2", "cust_2", "2032-01-02T09:00:00Z", 3000, ACTIVE, null);
        timeline.change("sub_2", "cust_2", "2032-01-02T11:00:00Z", 3000, PAST_DUE, null); // no change of MRR
        timeline.change("sub_1", "cust_1", "2032-01-02T15:00:00Z", 0, CANCELED, CancellationReason.PAYMENT_FAILED);

        List<Instant> instants = MrrSeries.instants(at("2032-01-01T00:00:00Z"), at("2032-01-02T12:00:00Z"),
                MetricsInterval.DAY, 1000);
        List<Point> points = MrrSeries.points(timeline.history(), instants);

        assertThat(points).containsExactly(new Point(at("2032-01-01T00:00:00Z"), 0),
                new Point(at("2032-01-02T00:00:00Z"), 10000), new Point(at("2032-01-02T12:00:00Z"), 13000));
        assertThat(MrrSeries.points(timeline.history(), List.of(at("2032-01-02T15:00:00Z"))).get(0).mrrCents())
                .isEqualTo(3000);
        assertThat(MrrSeries.points(timeline.history(), List.of(at("2032-01-02T14:59:59.999Z"))).get(0).mrrCents())
                .isEqualTo(13000);
    }

    @Test
    void series_steps_are_days_weeks_or_calendar_months_from_the_start_and_end_on_the_windows_end() {
        assertThat(MrrSeries.instants(at("2032-01-31T00:00:00Z"), at("2032-04-15T00:00:00Z"), MetricsInterval.MONTH,
                1000)).containsExactly(at("2032-01-31T00:00:00Z"), at("2032-02-29T00:00:00Z"),
                at("2032-03-31T00:00:00Z"), at("2032-04-15T00:00:00Z"));
        assertThat(MrrSeries.instants(at("2032-01-01T00:00:00Z"), at("2032-01-15T00:00:00Z"), MetricsInterval.WEEK,
                1000)).containsExactly(at("2032-01-01T00:00:00Z"), at("2032-01-08T00:00:00Z"),
                at("2032-01-15T00:00:00Z"));
        assertThat(MrrSeries.instants(at("2032-01-01T00:00:00Z"), at("2035-01-01T00:00:00Z"), MetricsInterval.DAY,
                1000)).hasSizeGreaterThan(1000);
    }

    @Test
    void churn_counts_customers_lost_against_the_start_and_dunnings_apart() {
        timeline.change("sub_a", "cust_a", "2031-12-01T00:00:00Z", 10000, ACTIVE, null);
        timeline.change("sub_b", "cust_b", "2031-12-01T00:00:00Z", 20000, ACTIVE, null);
        timeline.change("sub_c", "cust_c", "2031-12-01T00:00:00Z", 30000, ACTIVE, null);
        timeline.change("sub_d", "cust_d", "2031-12-01T00:00:00Z", 40000, ACTIVE, null);
        timeline.change("sub_a", "cust_a", "2032-01-05T00:00:00Z", 0, CANCELED, CancellationReason.REQUESTED);
        timeline.change("sub_b", "cust_b", "2032-01-06T00:00:00Z", 20000, PAST_DUE, null);
        timeline.change("sub_b", "cust_b", "2032-01-09T00:00:00Z", 0, CANCELED, CancellationReason.PAYMENT_FAILED);
        timeline.change("sub_c", "cust_c", "2032-01-10T00:00:00Z", 0, PAUSED, null);   // paused: not lost
        timeline.change("sub_e", "cust_e", "2032-01-11T00:00:00Z", 5000, ACTIVE, null); // new in the window
        timeline.change("sub_e", "cust_e", "2032-01-12T00:00:00Z", 0, CANCELED, CancellationReason.REQUESTED);

        ChurnView churn = ChurnCalculation.of("usd", timeline.changes, at("2032-01-01T00:00:00Z"),
                at("2032-02-01T00:00:00Z"));

        // 4 paying at the start (100000); A and B lost: 2 / 4 = 0.5000; 30000 / 100000 = 0.3000; B by dunning
        assertThat(churn.startCustomers()).isEqualTo(4);
        assertThat(churn.startMrrCents()).isEqualTo(100000);
        assertThat(churn.churnedCustomers()).isEqualTo(2);
        assertThat(churn.churnedMrrCents()).isEqualTo(30000);
        assertThat(churn.customerChurnRate()).isEqualByComparingTo("0.5000");
        assertThat(churn.revenueChurnRate()).isEqualByComparingTo("0.3000");
        assertThat(churn.involuntaryCustomers()).isEqualTo(1);
    }

    @Test
    void rates_round_half_even_to_four_places_and_are_zero_without_a_start() {
        assertThat(ChurnCalculation.rate(1, 3)).isEqualByComparingTo("0.3333");
        assertThat(ChurnCalculation.rate(2, 3)).isEqualByComparingTo("0.6667");
        assertThat(ChurnCalculation.rate(1, 20000)).isEqualByComparingTo("0.0000"); // 0.00005 → even 0.0000
        assertThat(ChurnCalculation.rate(3, 20000)).isEqualByComparingTo("0.0002"); // 0.00015 → even 0.0002
        assertThat(ChurnCalculation.rate(5, 80000)).isEqualByComparingTo("0.0001"); // 0.0000625 → 0.0001
        assertThat(ChurnCalculation.rate(0, 0).toPlainString()).isEqualTo("0.0000");
    }

    @Test
    void cohorts_group_by_the_first_paid_month_and_measure_at_each_months_end() {
        timeline.change("sub_t", "cust_t", "2032-01-20T00:00:00Z", 0, SubscriptionStatus.TRIALING, null);
        timeline.change("sub_t", "cust_t", "2032-02-03T00:00:00Z", 5000, ACTIVE, null); // trial ended: cohort Feb
        timeline.change("sub_u", "cust_u", "2032-02-10T00:00:00Z", 7000, ACTIVE, null);
        timeline.change("sub_u", "cust_u", "2032-03-31T23:59:59.999Z", 0, CANCELED, CancellationReason.REQUESTED);
        timeline.change("sub_v", "cust_v", "2032-03-05T00:00:00Z", 9000, ACTIVE, null);

        List<Cohort> cohorts = CohortTable.of(timeline.changes, at("2032-01-01T00:00:00Z"),
                at("2032-04-10T00:00:00Z"));

        assertThat(rows(cohorts)).containsExactly(
                "2032-02 2: 2032-02 2 12000, 2032-03 1 5000, 2032-04 1 5000", // U canceled at March's last ms
                "2032-03 1: 2032-03 1 9000, 2032-04 1 9000");
    }

    private static List<String> rows(List<Cohort> cohorts) {
        List<String> rows = new ArrayList<>();
        for (Cohort cohort : cohorts) {
            List<String> cells = new ArrayList<>();
            cohort.retention().forEach(r -> cells.add(r.month() + " " + r.customers() + " " + r.mrrCents()));
            rows.add(cohort.month() + " " + cohort.customers() + ": " + String.join(", ", cells));
        }
        return rows;
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** A timeline as the projection records it: each change's delta from the subscription's previous MRR. */
    private static final class Timeline {

        final List<MrrChange> changes = new ArrayList<>();
        final Map<String, Long> current = new HashMap<>();

        void change(String subscription, String customer, String at, long mrr, SubscriptionStatus status,
                    CancellationReason reason) {
            long delta = mrr - current.getOrDefault(subscription, 0L);
            current.put(subscription, mrr);
            changes.add(new MrrChange(subscription, customer, Instant.parse(at), mrr, delta, status, reason));
        }

        RevenueHistory history() {
            TreeMap<LocalDate, Long> daily = new TreeMap<>();
            changes.forEach(change -> daily.merge(change.at().atOffset(ZoneOffset.UTC).toLocalDate(),
                    change.deltaCents(), Long::sum));
            return new RevenueHistory(changes, daily);
        }
    }
}
