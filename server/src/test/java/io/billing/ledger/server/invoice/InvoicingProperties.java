package io.billing.ledger.server.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.BillingLedgerApplication;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.TestDatabases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random subscription histories run through the real server on test clocks: a start on any
 * day of January at any hour (the 29th–31st give a short first period, the anchor capped at
 * 28), then plan changes at random hours of the first three periods, some at the very instant
 * of the change before, each with a random proration behaviour. Whatever the history: every
 * invoice's subtotal is the sum of its lines and its total never negative; no period's fee is
 * invoiced twice; and everything invoiced adds up to a plain per-second model of the history
 * (a short period costs its share of the full one), within one minor unit per rounded line.
 * An over-credit in a short first period, or a second invoice lost at one instant, is far
 * outside that bound.
 */
class InvoicingProperties {

    private static final long[] PRICES = {990, 3100, 6200, 12345};
    private static final AtomicInteger YEAR = new AtomicInteger(2100);
    private static ConfigurableApplicationContext server;
    private static Api api;
    private static Map<Long, String> plans;

    @BeforeContainer
    static void startServer() {
        BillingLedgerApplication.disableAxonUpdateChecker();
        // as arguments: they outrank application.yml, as the test's settings must
        server = new SpringApplicationBuilder(BillingLedgerApplication.class)
                .run("--billing.database-url=" + TestDatabases.fresh(),
                        "--billing.api-keys.bootstrap-key=" + EndToEndTest.ADMIN_KEY,
                        "--billing.scheduler.poll-interval=PT0.1S",
                        "--billing.rate-limit.max-requests=100000000",
                        "--billing.test-mode.enabled=true",
                        "--server.port=0");
        api = new Api(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")),
                EndToEndTest.ADMIN_KEY);
        plans = new HashMap<>();
        for (long price : PRICES) {
            plans.put(price, api.post("/v1/plans", "{\"name\":\"P" + price + "\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":" + price + ",\"billingInterval\":\"month\"}").data().get("id").asText());
        }
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A change {@code offsetHours} after the start, or at the instant of the change before it. */
    record Change(int offsetHours, boolean atThePreviousInstant, long price, String behaviour) {
    }

    @Provide
    Arbitrary<List<Change>> histories() {
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.integers().between(1, 85 * 24), Arbitraries.of(false, false, true),
                Arbitraries.of(990L, 3100L, 6200L, 12345L),
                Arbitraries.of("create_prorations", "always_invoice", "none")).as(Change::new);
        return change.list().ofMinSize(0).ofMaxSize(5);
    }

    /** Starts on any day of January (the 29th–31st make a short first period, the anchor capped at 28). */
    @Provide
    Arbitrary<Integer> startDays() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(1, 28)),
                Tuple.of(1, Arbitraries.integers().between(29, 31)));
    }

    @Property(tries = 10)
    void invoices_add_up_to_a_per_second_model_of_any_history(@ForAll("histories") List<Change> drawn,
                                                               @ForAll("startPrice") long startPrice,
                                                               @ForAll("startDays") int startDay,
                                                               @ForAll @IntRange(min = 0, max = 23) int startHour) {
        int year = YEAR.getAndIncrement();
        Instant start = LocalDateTime.of(year, 1, startDay, startHour, 0).toInstant(ZoneOffset.UTC);
        String clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
        String customer = api.post("/v1/customers", "{\"name\":\"H\",\"email\":\"h@example.com\",\"testClockId\":\""
                + clock + "\"}").data().get("id").asText();
        String sub = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plans.get(startPrice) + "\"}").data().get("id").asText();

        Calendar calendar = new Calendar(start);
        List<Change> changes = new ArrayList<>(drawn);
        changes.sort((a, b) -> Integer.compare(a.offsetHours(), b.offsetHours()));
        Model model = new Model(startPrice);
        Instant clockTime = start;
        for (Change change : changes) {
            Instant when = change.atThePreviousInstant() && clockTime.isAfter(start)
                    ? clockTime : start.plusSeconds(change.offsetHours() * 3600L);
            if (!when.isBefore(calendar.boundary(2))) {
                continue; // only in the first three periods
            }
            if (when.isAfter(clockTime)) {
                advance(clock, when);
                clockTime = when;
            }
            api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plans.get(change.price())
                    + "\",\"prorationBehavior\":\"" + change.behaviour() + "\"}");
            model.change(when, change.price(), change.behaviour());
        }
        advance(clock, calendar.boundary(2).plusSeconds(7200)); // renew into the fourth period, finalize

        List<JsonNode> invoices = invoices(sub, calendar.boundary(2));
        long invoiced = 0;
        int prorationLines = 0;
        Map<String, Integer> feesPerPeriod = new HashMap<>();
        for (JsonNode invoice : invoices) {
            long sum = 0;
            for (JsonNode line : invoice.get("lines")) {
                long amount = line.get("amountCents").asLong();
                sum += amount;
                String type = line.get("type").asText();
                if (type.equals("plan_charge")) {
                    feesPerPeriod.merge(line.get("periodStart").asText(), 1, Integer::sum);
                }
                if (type.startsWith("proration")) {
                    prorationLines++;
                }
                if (!type.equals("credit_applied")) {
                    invoiced += amount;
                }
            }
            assertThat(invoice.get("subtotalCents").asLong()).isEqualTo(sum);
            assertThat(invoice.get("totalCents").asLong()).isEqualTo(Math.max(0, sum));
            assertThat(invoice.get("creditCarriedForwardCents").asLong()).isEqualTo(Math.max(0, -sum));
        }
        assertThat(feesPerPeriod.values()).allMatch(count -> count == 1);
        assertThat(feesPerPeriod).hasSize(4);
        long expected = model.total(calendar);
        // each rounded line is off by less than one minor unit, the first (perhaps partial) fee too
        assertThat(Math.abs(invoiced - expected)).as("invoiced %d, model %d, %d proration lines", invoiced, expected,
                prorationLines).isLessThanOrEqualTo(prorationLines + 1);
    }

    @Provide
    Arbitrary<Long> startPrice() {
        return Arbitraries.of(990L, 3100L, 6200L, 12345L);
    }

    /** Monthly boundaries on the start's day (capped at 28) and time, as DESIGN §4 says, written out plainly. */
    private record Calendar(Instant start) {

        /** The k-th boundary after the start (k = 0 is the first), and k = -1 the one at or before it. */
        Instant boundary(int k) {
            LocalDateTime at = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
            int day = Math.min(at.getDayOfMonth(), 28);
            LocalDateTime sameMonth = at.withDayOfMonth(day);
            LocalDateTime first = sameMonth.isAfter(at) ? sameMonth : sameMonth.plusMonths(1);
            return first.plusMonths(k).toInstant(ZoneOffset.UTC);
        }
    }

    /**
     * The customer pays, for every second of a period, the rate in force for that second over
     * the length of the full calendar period it lies in (so a short first period costs its
     * share): the new plan's from a change with prorations, the old one's until the period ends
     * when a change has none. Each period's fee in advance is the plan at its start.
     */
    private static final class Model {

        private final long plan;
        private final List<long[]> changes = new ArrayList<>(); // [epochSecond, newPlan, prorates]

        Model(long startPrice) {
            plan = startPrice;
        }

        void change(Instant at, long newPlan, String behaviour) {
            changes.add(new long[]{at.getEpochSecond(), newPlan, behaviour.equals("none") ? 0 : 1});
        }

        long total(Calendar calendar) {
            BigInteger[] sum = {BigInteger.ZERO, BigInteger.ONE}; // a fraction, to round once at the end
            int next = 0;
            long currentPlan = plan;
            for (int p = 0; p < 4; p++) {
                long from = (p == 0 ? calendar.start() : calendar.boundary(p - 1)).getEpochSecond();
                long to = calendar.boundary(p).getEpochSecond();
                long length = to - (p == 0 ? calendar.boundary(-1).getEpochSecond() : from);
                long rate = currentPlan;
                long segmentStart = from;
                BigInteger periodTotal = BigInteger.ZERO; // Σ rate × seconds
                while (next < changes.size() && changes.get(next)[0] < to) {
                    long[] change = changes.get(next++);
                    if (change[1] == currentPlan) {
                        continue; // a change to the plan it is on changes nothing
                    }
                    if (change[2] == 1) {
                        periodTotal = periodTotal.add(BigInteger.valueOf(rate)
                                .multiply(BigInteger.valueOf(change[0] - segmentStart)));
                        segmentStart = change[0];
                        rate = change[1];
                    }
                    currentPlan = change[1];
                }
                periodTotal = periodTotal.add(BigInteger.valueOf(rate).multiply(BigInteger.valueOf(to - segmentStart)));
                BigInteger len = BigInteger.valueOf(length);
                sum = new BigInteger[]{sum[0].multiply(len).add(periodTotal.multiply(sum[1])), sum[1].multiply(len)};
            }
            return sum[0].add(sum[1].shiftRight(1)).divide(sum[1]).longValueExact();
        }
    }

    private static void advance(String clock, Instant to) {
        api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + to + "\"}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
    }

    private static List<JsonNode> invoices(String sub, Instant fourthPeriod) {
        List<JsonNode> invoices = new ArrayList<>();
        // the invoice read model catches up just behind the clock
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            invoices.clear();
            api.get("/v1/invoices?pageSize=100&subscriptionId=" + sub).data().forEach(invoices::add);
            return !invoices.isEmpty() && invoices.stream().noneMatch(i -> i.get("status").asText().equals("draft"))
                    && invoices.stream().anyMatch(i -> fourthPeriod.equals(Instant.parse(i.get("periodStart").asText())));
        });
        return invoices;
    }
}
