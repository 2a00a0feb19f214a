package io.billing.ledger.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17: fourteen months of two currencies on one test clock, and every figure the metrics
 * answer for them worked out by hand below (never by the code under test). Dunning is on with a
 * short ladder (retries 60 and 120 minutes after the first failure, cancel after the second), so
 * that a customer whose card starts failing is canceled by dunning within hours.
 * <p>
 * Plans: usd Basic 100.00/month, Pro 250.00/month, Annual 999.90/year (MRR 99990 / 12 = 8332.5,
 * half-even 8332); eur Starter 50.00/month, Team 120.00/month. Every change is made at 12:00 UTC
 * on a day no renewal falls on.
 * <pre>
 * usd                                                      MRR after
 * 2032-01-10 A new Basic +10000, B new Pro +25000            35000
 * 2032-02-12 C new Annual +8332, D new Basic +10000          53332
 * 2032-03-15 A Basic→Pro  expansion +15000                   68332
 * 2032-04-16 B Pro→Basic  contraction −15000                 53332
 * 2032-05-17 D's card replaced by one that is declined
 * 2032-06-12 D renews at 12:00, the charge fails at 13:00 (finalized an hour after drafting): past due
 *            (still counted); retries 14:00 and 15:00 fail; canceled by dunning at 15:00, churn −10000  43332
 * 2032-09-17 B cancels (requested) churn −10000              33332
 * 2032-10-13 I new Basic +10000                              43332
 * eur
 * 2032-01-10 E new Starter +5000                              5000
 * 2032-03-15 F new Team +12000                               17000
 * 2032-04-16 G new Starter +5000                             22000
 * 2032-05-17 E pauses: MRR to 0, churn −5000                 17000
 * 2032-06-20 F cancels (requested) churn −12000               5000
 * 2032-06-25 F reactivates (period not ended) +12000         17000
 * 2032-07-17 E resumes, reactivation +5000                   22000
 * 2032-08-17 G cancels (requested) churn −5000               17000
 * 2032-11-17 G subscribes to Team: it paid before, so reactivation +12000   29000
 * </pre>
 * gbp, metered (per_unit, 0.10 a unit): M subscribes on 2032-01-10 and uses 120 units; the period
 * closes when its renewal invoice is finalized, 2032-02-10 13:00: MRR 120 × 10 = 1200 (new). 50 units
 * in the next period, closed 2032-03-10 13:00: MRR 500 (contraction −700).
 * The clock then runs to 2033-03-10 (C's yearly renewal on 2033-02-12 changes nothing).
 */
@TestPropertySource(properties = {"billing.dunning.enabled=true", "billing.dunning.schedule-minutes=60,120",
        "billing.dunning.max-retries=2", "billing.dunning.escalation=cancel@2"})
class RevenueMetricsEndToEndTest extends EndToEndTest {

    @Autowired
    ProjectionReplays replays;

    @Test
    void fourteen_months_in_two_currencies_answer_exactly_the_figures_worked_out_by_hand() {
        Api api = api();
        Clock clock = new Clock(api, "2032-01-10T12:00:00Z");
        String basic = plan(api, "Basic", 10000, "month", "usd");
        String pro = plan(api, "Pro", 25000, "month", "usd");
        String annual = plan(api, "Annual", 99990, "year", "usd");
        String starter = plan(api, "Starter", 5000, "month", "eur");
        String team = plan(api, "Team", 12000, "month", "eur");
        String calls = ok(api.post("/v1/plans", "{\"name\":\"Calls\",\"pricingModel\":\"per_unit\",\"amountCents\":10,"
                + "\"billingInterval\":\"month\",\"currency\":\"gbp\"}")).data().get("id").asText();
        String a = customer(api, clock, "A");
        String b = customer(api, clock, "B");
        String c = customer(api, clock, "C");
        String d = customer(api, clock, "D");
        String e = customer(api, clock, "E");
        String f = customer(api, clock, "F");
        String g = customer(api, clock, "G");
        String i = customer(api, clock, "I");
        String m = customer(api, clock, "M");

        String subA = subscribe(api, a, basic);
        String subB = subscribe(api, b, pro);
        String subE = subscribe(api, e, starter);
        String subM = subscribe(api, m, calls);
        usage(api, subM, "m-1", 120, "2032-01-10T12:00:00Z");
        clock.advanceTo("2032-02-12T12:00:00Z");
        usage(api, subM, "m-2", 50, "2032-02-12T12:00:00Z");
        subscribe(api, c, annual);
        String subD = subscribe(api, d, basic);
        clock.advanceTo("2032-03-15T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subA + "/change-plan", "{\"planId\":\"" + pro + "\"}"));
        String subF = subscribe(api, f, team);
        clock.advanceTo("2032-04-16T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subB + "/change-plan", "{\"planId\":\"" + basic + "\"}"));
        String subG = subscribe(api, g, starter);
        clock.advanceTo("2032-05-17T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subE + "/pause", null));
        card(api, d, "pm_card_chargeDeclined");
        clock.advanceTo("2032-06-20T12:00:00Z");
        JsonNode dunned = api.get("/v1/subscriptions/" + subD).data();
        assertThat(dunned.get("status").asText()).isEqualTo("canceled");
        // drafted at the renewal 12:00, finalized and charged at 13:00, retried at +60 and +120 minutes
        assertThat(dunned.get("canceledAt").asText()).isEqualTo("2032-06-12T15:00:00.000Z");
        ok(api.post("/v1/subscriptions/" + subF + "/cancel", null));
        clock.advanceTo("2032-06-25T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subF + "/reactivate", null));
        clock.advanceTo("2032-07-17T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subE + "/resume", null));
        clock.advanceTo("2032-08-17T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subG + "/cancel", null));
        clock.advanceTo("2032-09-17T12:00:00Z");
        ok(api.post("/v1/subscriptions/" + subB + "/cancel", null));
        clock.advanceTo("2032-10-13T12:00:00Z");
        subscribe(api, i, basic);
        clock.advanceTo("2032-11-17T12:00:00Z");
        subscribe(api, g, team);
        clock.advanceTo("2033-03-10T12:00:00Z");

        // MRR on the first of each month, 2032-01-01 to 2033-03-01: 15 points, the window's start first
        JsonNode usd = ok(api.get("/v1/metrics/mrr?from=2032-01-01T00:00:00Z&to=2033-03-01T00:00:00Z"
                + "&interval=month&currency=USD")).data();
        assertThat(usd.get("currency").asText()).isEqualTo("usd");
        assertThat(series(usd)).containsExactly(
                "2032-01-01T00:00:00.000Z=0", "2032-02-01T00:00:00.000Z=35000", "2032-03-01T00:00:00.000Z=53332",
                "2032-04-01T00:00:00.000Z=68332", "2032-05-01T00:00:00.000Z=53332",
                "2032-06-01T00:00:00.000Z=53332", "2032-07-01T00:00:00.000Z=43332",
                "2032-08-01T00:00:00.000Z=43332", "2032-09-01T00:00:00.000Z=43332",
                "2032-10-01T00:00:00.000Z=33332", "2032-11-01T00:00:00.000Z=43332",
                "2032-12-01T00:00:00.000Z=43332", "2033-01-01T00:00:00.000Z=43332",
                "2033-02-01T00:00:00.000Z=43332", "2033-03-01T00:00:00.000Z=43332");
        // new 10000 + 25000 + 8332 + 10000 + 10000 = 63332; expansion +15000; contraction −15000;
        // churn −10000 (D) −10000 (B) = −20000; 63332 + 15000 − 15000 − 20000 = 43332 = 43332 − 0
        assertThat(movements(usd)).isEqualTo(Map.of("newCents", 63332L, "expansionCents", 15000L,
                "contractionCents", -15000L, "churnCents", -20000L, "reactivationCents", 0L));

        JsonNode eur = ok(api.get("/v1/metrics/mrr?from=2032-01-01T00:00:00Z&to=2033-03-01T00:00:00Z"
                + "&interval=month&currency=eur")).data();
        assertThat(series(eur)).containsExactly(
                "2032-01-01T00:00:00.000Z=0", "2032-02-01T00:00:00.000Z=5000", "2032-03-01T00:00:00.000Z=5000",
                "2032-04-01T00:00:00.000Z=17000", "2032-05-01T00:00:00.000Z=22000",
                "2032-06-01T00:00:00.000Z=17000", "2032-07-01T00:00:00.000Z=17000",
                "2032-08-01T00:00:00.000Z=22000", "2032-09-01T00:00:00.000Z=17000",
                "2032-10-01T00:00:00.000Z=17000", "2032-11-01T00:00:00.000Z=17000",
                "2032-12-01T00:00:00.000Z=29000", "2033-01-01T00:00:00.000Z=29000",
                "2033-02-01T00:00:00.000Z=29000", "2033-03-01T00:00:00.000Z=29000");
        // new 5000 + 12000 + 5000 = 22000; churn −5000 (E paused) −12000 (F) −5000 (G) = −22000;
        // reactivation 12000 (F) + 5000 (E) + 12000 (G) = 29000; sum 29000 = 29000 − 0
        assertThat(movements(eur)).isEqualTo(Map.of("newCents", 22000L, "expansionCents", 0L,
                "contractionCents", 0L, "churnCents", -22000L, "reactivationCents", 29000L));

        // a window inside: 2032-03-01 .. 2032-07-01 usd, weekly; movements +15000 − 15000 − 10000 = 43332 − 53332
        JsonNode spring = ok(api.get("/v1/metrics/mrr?from=2032-03-01T00:00:00Z&to=2032-07-01T00:00:00Z"
                + "&interval=week&currency=usd")).data();
        assertThat(spring.get("series")).hasSize(19); // 03-01 + 17 weekly steps before 07-01 (06-28) + 07-01
        assertThat(movements(spring)).isEqualTo(Map.of("newCents", 0L, "expansionCents", 15000L,
                "contractionCents", -15000L, "churnCents", -10000L, "reactivationCents", 0L));

        // time travel to instants between the daily points: D past due at 14:59:59.999 still counts
        JsonNode day = ok(api.get("/v1/metrics/mrr?from=2032-06-12T12:30:00Z&to=2032-06-12T15:00:00Z"
                + "&currency=usd")).data();
        assertThat(series(day)).containsExactly("2032-06-12T12:30:00.000Z=53332", "2032-06-12T15:00:00.000Z=43332");
        JsonNode justBefore = ok(api.get("/v1/metrics/mrr?from=2032-06-12T00:00:00Z&to=2032-06-12T14:59:59.999Z"
                + "&currency=usd")).data();
        assertThat(series(justBefore)).containsExactly("2032-06-12T00:00:00.000Z=53332",
                "2032-06-12T14:59:59.999Z=53332");

        // churn, usd, 2032-06-01 .. 2032-10-01: paying at the start A 25000, B 10000, C 8332, D 10000 (4,
        // 53332); lost by the end B (requested) and D (dunning): 2 of 4 = 0.5000; 20000 / 53332 =
        // 0.37501 → 0.3750; involuntary 1 (D)
        JsonNode usdChurn = ok(api.get("/v1/metrics/churn?from=2032-06-01T00:00:00Z&to=2032-10-01T00:00:00Z"
                + "&currency=usd")).data();
        assertThat(usdChurn.get("startCustomers").asLong()).isEqualTo(4);
        assertThat(usdChurn.get("churnedCustomers").asLong()).isEqualTo(2);
        assertThat(usdChurn.get("customerChurnRate").decimalValue()).isEqualByComparingTo("0.5000");
        assertThat(usdChurn.get("startMrrCents").asLong()).isEqualTo(53332);
        assertThat(usdChurn.get("churnedMrrCents").asLong()).isEqualTo(20000);
        assertThat(usdChurn.get("revenueChurnRate").decimalValue()).isEqualByComparingTo("0.3750");
        assertThat(usdChurn.get("involuntaryCustomers").asLong()).isEqualTo(1);
        // churn, eur, 2032-05-01 .. 2032-09-01: paying E 5000, F 12000, G 5000 (3, 22000); E is paused and
        // back, F canceled and back: neither is lost; G canceled: 1 of 3 = 0.3333; 5000 / 22000 = 0.22727 → 0.2273
        JsonNode eurChurn = ok(api.get("/v1/metrics/churn?from=2032-05-01T00:00:00Z&to=2032-09-01T00:00:00Z"
                + "&currency=eur")).data();
        assertThat(eurChurn.get("startCustomers").asLong()).isEqualTo(3);
        assertThat(eurChurn.get("churnedCustomers").asLong()).isEqualTo(1);
        assertThat(eurChurn.get("customerChurnRate").decimalValue()).isEqualByComparingTo("0.3333");
        assertThat(eurChurn.get("startMrrCents").asLong()).isEqualTo(22000);
        assertThat(eurChurn.get("churnedMrrCents").asLong()).isEqualTo(5000);
        assertThat(eurChurn.get("revenueChurnRate").decimalValue()).isEqualByComparingTo("0.2273");
        assertThat(eurChurn.get("involuntaryCustomers").asLong()).isZero();

        // cohorts, usd, months 2032-01 .. 2032-10, each measured at the month's last millisecond:
        // 2032-01 {A, B}: 10000 + 25000; from March A pays 25000 (35000 → 50000); from April B 10000 (35000);
        //   B canceled 09-17: only A, 25000. 2032-02 {C, D}: 8332 + 10000 = 18332; D canceled 06-12: 8332.
        // 2032-10 {I}: 10000.
        JsonNode usdCohorts = ok(api.get("/v1/metrics/cohorts?from=2032-01-01T00:00:00Z"
                + "&to=2032-10-31T23:59:59.999Z&currency=usd")).data();
        assertThat(cohorts(usdCohorts)).containsExactly(
                "2032-01 (2): 2032-01 2 35000, 2032-02 2 35000, 2032-03 2 50000, 2032-04 2 35000, 2032-05 2 35000, "
                        + "2032-06 2 35000, 2032-07 2 35000, 2032-08 2 35000, 2032-09 1 25000, 2032-10 1 25000",
                "2032-02 (2): 2032-02 2 18332, 2032-03 2 18332, 2032-04 2 18332, 2032-05 2 18332, 2032-06 1 8332, "
                        + "2032-07 1 8332, 2032-08 1 8332, 2032-09 1 8332, 2032-10 1 8332",
                "2032-10 (1): 2032-10 1 10000");
        // eur: 2032-01 {E}: 5000 until paused (May, June 0), 5000 again from July. 2032-03 {F}: 12000, back
        // by the end of June. 2032-04 {G}: 5000 until canceled 08-17.
        JsonNode eurCohorts = ok(api.get("/v1/metrics/cohorts?from=2032-01-01T00:00:00Z"
                + "&to=2032-10-31T23:59:59.999Z&currency=eur")).data();
        assertThat(cohorts(eurCohorts)).containsExactly(
                "2032-01 (1): 2032-01 1 5000, 2032-02 1 5000, 2032-03 1 5000, 2032-04 1 5000, 2032-05 0 0, "
                        + "2032-06 0 0, 2032-07 1 5000, 2032-08 1 5000, 2032-09 1 5000, 2032-10 1 5000",
                "2032-03 (1): 2032-03 1 12000, 2032-04 1 12000, 2032-05 1 12000, 2032-06 1 12000, 2032-07 1 12000, "
                        + "2032-08 1 12000, 2032-09 1 12000, 2032-10 1 12000",
                "2032-04 (1): 2032-04 1 5000, 2032-05 1 5000, 2032-06 1 5000, 2032-07 1 5000, 2032-08 0 0, "
                        + "2032-09 0 0, 2032-10 0 0");

        // metered: the last closed period's usage amount, from the finalization that closed it
        JsonNode gbp = ok(api.get("/v1/metrics/mrr?from=2032-02-10T12:59:59.999Z&to=2032-03-10T13:00:00Z"
                + "&interval=month&currency=gbp")).data();
        assertThat(series(gbp)).containsExactly("2032-02-10T12:59:59.999Z=0", "2032-03-10T12:59:59.999Z=1200",
                "2032-03-10T13:00:00.000Z=500");
        // new +1200 (02-10 13:00, inside the window), contraction −700: 500 − 0
        assertThat(movements(gbp)).isEqualTo(Map.of("newCents", 1200L, "expansionCents", 0L,
                "contractionCents", -700L, "churnCents", 0L, "reactivationCents", 0L));

        // several currencies billed: a question without one cannot be answered
        assertThat(api.get("/v1/metrics/mrr?from=2032-01-01T00:00:00Z&to=2032-02-01T00:00:00Z").errorCode())
                .isEqualTo("VALIDATION_ERROR");

        // a replay rebuilds the same timeline, daily series and answers
        List<Map<String, Object>> changes = jdbc.queryForList("SELECT * FROM revenue_mrr_changes ORDER BY id");
        List<Map<String, Object>> daily = jdbc.queryForList("SELECT * FROM revenue_mrr_daily ORDER BY currency, day");
        List<Map<String, Object>> states = jdbc.queryForList(
                "SELECT * FROM revenue_subscriptions ORDER BY subscription_id");
        assertThat(daily).isNotEmpty();
        replays.replay("revenue-metrics");
        assertThat(replays.awaitCaughtUp("revenue-metrics", Duration.ofSeconds(60))).isTrue();
        assertThat(jdbc.queryForList("SELECT * FROM revenue_mrr_changes ORDER BY id")).isEqualTo(changes);
        assertThat(jdbc.queryForList("SELECT * FROM revenue_mrr_daily ORDER BY currency, day")).isEqualTo(daily);
        assertThat(jdbc.queryForList("SELECT * FROM revenue_subscriptions ORDER BY subscription_id"))
                .isEqualTo(states);
        assertThat(ok(api.get("/v1/metrics/mrr?from=2032-01-01T00:00:00Z&to=2033-03-01T00:00:00Z"
                + "&interval=month&currency=usd")).data()).isEqualTo(usd);
    }

    @Test
    void bad_windows_intervals_and_currencies_are_refused_with_the_error_envelope() {
        Api api = api();
        assertRefused(api.get("/v1/metrics/mrr?from=2032-02-01T00:00:00Z&to=2032-01-01T00:00:00Z"), "to");
        assertRefused(api.get("/v1/metrics/churn?from=2032-02-01T00:00:00Z&to=2032-02-01T00:00:00Z"), "to");
        assertRefused(api.get("/v1/metrics/mrr?from=2032-01-01T00:00:00Z&to=2032-02-01T00:00:00Z&interval=hour"),
                "interval");
        assertRefused(api.get("/v1/metrics/cohorts?from=2000-01-01T00:00:00Z&to=2032-02-01T00:00:00Z"), "from");
        // 3 years of days is more than 1000 points; by month it is fine
        assertRefused(api.get("/v1/metrics/mrr?from=2029-01-01T00:00:00Z&to=2032-01-01T00:00:00Z&interval=day"),
                "interval");
        assertThat(api.get("/v1/metrics/mrr?from=2029-01-01T00:00:00Z&to=2032-01-01T00:00:00Z&interval=month")
                .status()).isEqualTo(200);
        assertRefused(api.get("/v1/metrics/mrr?currency=zzz"), "currency");
        assertThat(api.get("/v1/metrics/churn?from=yesterday").status()).isEqualTo(400);
        // no currency billed yet in this window's ledger? the answer is still whole: zeros in the default currency
        JsonNode empty = ok(api.get("/v1/metrics/churn?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z"
                + "&currency=gbp")).data();
        assertThat(empty.get("startCustomers").asLong()).isZero();
        assertThat(empty.get("customerChurnRate").decimalValue()).isEqualByComparingTo("0");
    }

    private static void assertRefused(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.body().path("error").path("details").get(0).path("field").asText()).isEqualTo(field);
    }

    private static Api.Response ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response;
    }

    private static String plan(Api api, String name, long cents, String interval, String currency) {
        return ok(api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":"
                + cents + ",\"billingInterval\":\"" + interval + "\",\"currency\":\"" + currency + "\"}"))
                .data().get("id").asText();
    }

    private static String customer(Api api, Clock clock, String name) {
        String id = ok(api.post("/v1/customers", "{\"name\":\"" + name + "\",\"email\":\"" + name.toLowerCase()
                + "@example.com\",\"testClockId\":\"" + clock.id + "\"}")).data().get("id").asText();
        card(api, id, "pm_card_visa");
        return id;
    }

    private static void card(Api api, String customer, String paymentMethod) {
        ok(api.post("/v1/customers/" + customer + "/payment-methods",
                "{\"paymentMethodId\":\"" + paymentMethod + "\"}"));
    }

    private static String subscribe(Api api, String customer, String plan) {
        return ok(api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan + "\"}"))
                .data().get("id").asText();
    }

    private static void usage(Api api, String subscription, String key, long quantity, String at) {
        ok(api.post("/v1/usage", "{\"subscriptionId\":\"" + subscription + "\",\"quantity\":" + quantity
                + ",\"timestamp\":\"" + at + "\",\"idempotencyKey\":\"" + key + "\"}"));
    }

    private static List<String> series(JsonNode mrr) {
        List<String> points = new ArrayList<>();
        mrr.get("series").forEach(point -> points.add(point.get("at").asText() + "=" + point.get("mrrCents").asLong()));
        return points;
    }

    private static Map<String, Long> movements(JsonNode mrr) {
        JsonNode m = mrr.get("movements");
        return Map.of("newCents", m.get("newCents").asLong(), "expansionCents", m.get("expansionCents").asLong(),
                "contractionCents", m.get("contractionCents").asLong(), "churnCents", m.get("churnCents").asLong(),
                "reactivationCents", m.get("reactivationCents").asLong());
    }

    private static List<String> cohorts(JsonNode answer) {
        List<String> rows = new ArrayList<>();
        answer.get("cohorts").forEach(cohort -> {
            List<String> cells = new ArrayList<>();
            cohort.get("retention").forEach(r -> cells.add(r.get("month").asText() + " " + r.get("customers").asLong()
                    + " " + r.get("mrrCents").asLong()));
            rows.add(cohort.get("month").asText() + " (" + cohort.get("customers").asLong() + "): "
                    + String.join(", ", cells));
        });
        return rows;
    }

    /** One test clock every customer of the scenario lives on. */
    private static final class Clock {

        final Api api;
        final String id;

        Clock(Api api, String start) {
            this.api = api;
            this.id = ok(api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}")).data().get("id").asText();
        }

        void advanceTo(String instant) {
            ok(api.post("/v1/test-clocks/" + id + "/advance?wait=true", "{\"frozenTime\":\"" + instant + "\"}"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/test-clocks/" + id).data().get("status").asText().equals("ready"));
        }
    }
}
