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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random subscription histories (plan changes on random days, each with a random proration
 * behaviour) run through the real server on test clocks. Whatever the history:
 * every invoice's subtotal is the sum of its lines and its total never negative; no period's
 * fee is invoiced twice; and everything invoiced adds up to a plain per-second model of the
 * history, within one minor unit per proration line.
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

    record Change(int month, int day, int hour, long price, String behaviour) {
    }

    @Provide
    Arbitrary<List<Change>> histories() {
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(2, 27),
                Arbitraries.integers().between(0, 23), Arbitraries.of(990L, 3100L, 6200L, 12345L),
                Arbitraries.of("create_prorations", "always_invoice", "none")).as(Change::new);
        return change.list().ofMinSize(0).ofMaxSize(5);
    }

    @Property(tries = 10)
    void invoices_add_up_to_a_per_second_model_of_any_history(@ForAll("histories") List<Change> drawn,
                                                               @ForAll("startPrice") long startPrice) {
        int year = YEAR.getAndIncrement();
        Instant start = Instant.parse(year + "-01-01T00:00:00Z");
        String clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
        String customer = api.post("/v1/customers", "{\"name\":\"H\",\"email\":\"h@example.com\",\"testClockId\":\""
                + clock + "\"}").data().get("id").asText();
        String sub = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plans.get(startPrice) + "\"}").data().get("id").asText();

        List<Change> changes = new ArrayList<>(drawn);
        changes.sort((a, b) -> Long.compare(at(year, a).getEpochSecond(), at(year, b).getEpochSecond()));
        Model model = new Model(startPrice);
        Instant clockTime = start;
        for (Change change : changes) {
            Instant when = at(year, change);
            if (!when.isAfter(clockTime)) {
                continue; // two changes drawn for the same hour: the first stands
            }
            advance(clock, when);
            clockTime = when;
            api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plans.get(change.price())
                    + "\",\"prorationBehavior\":\"" + change.behaviour() + "\"}");
            model.change(when, change.price(), change.behaviour());
        }
        advance(clock, month(year, 3).plusSeconds(7200)); // renew into the fourth month, finalize

        List<JsonNode> invoices = invoices(sub);
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
        long expected = model.total(year);
        assertThat(Math.abs(invoiced - expected)).as("invoiced %d, model %d, %d proration lines", invoiced, expected,
                prorationLines).isLessThanOrEqualTo(prorationLines);
    }

    @Provide
    Arbitrary<Long> startPrice() {
        return Arbitraries.of(990L, 3100L, 6200L, 12345L);
    }

    /**
     * The customer pays, for every second of a period, the rate in force for that second: the
     * new plan's from a change with prorations, the old one's until the period ends when a
     * change has none. Each period's fee in advance is the plan at its start.
     */
    private static final class Model {

        private long plan;
        private long billedRate;
        private final List<long[]> changes = new ArrayList<>(); // [epochSecond, newPlan, prorates]

        Model(long startPrice) {
            plan = startPrice;
            billedRate = startPrice;
        }

        void change(Instant at, long newPlan, String behaviour) {
            changes.add(new long[]{at.getEpochSecond(), newPlan, behaviour.equals("none") ? 0 : 1});
        }

        long total(int year) {
            BigInteger[] sum = {BigInteger.ZERO, BigInteger.ONE}; // a fraction, to round once at the end
            int next = 0;
            long currentPlan = plan;
            for (int m = 0; m < 4; m++) {
                long from = month(year, m).getEpochSecond();
                long to = month(year, m + 1).getEpochSecond();
                long rate = currentPlan;
                long segmentStart = from;
                BigInteger periodTotal = BigInteger.ZERO; // Σ rate × seconds
                while (next < changes.size() && changes.get(next)[0] < to) {
                    long[] change = changes.get(next++);
                    if (change[1] == currentPlan) {
                        continue; // a change to the plan it is on changes nothing
                    }
                    if (change[2] == 1) {
                        periodTotal = periodTotal.add(BigInteger.valueOf(rate).multiply(BigInteger.valueOf(change[0] - segmentStart)));
                        segmentStart = change[0];
                        rate = change[1];
                    }
                    currentPlan = change[1];
                }
                periodTotal = periodTotal.add(BigInteger.valueOf(rate).multiply(BigInteger.valueOf(to - segmentStart)));
                // add periodTotal / (to - from) to the running fraction
                BigInteger length = BigInteger.valueOf(to - from);
                sum = new BigInteger[]{sum[0].multiply(length).add(periodTotal.multiply(sum[1])), sum[1].multiply(length)};
            }
            return sum[0].add(sum[1].shiftRight(1)).divide(sum[1]).longValueExact();
        }
    }

    private static Instant month(int year, int month) {
        return Instant.parse(year + "-01-01T00:00:00Z").atOffset(ZoneOffset.UTC).plusMonths(month).toInstant();
    }

    private static Instant at(int year, Change change) {
        return month(year, change.month()).plusSeconds(((change.day() - 1) * 24L + change.hour()) * 3600);
    }

    private static void advance(String clock, Instant to) {
        api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + to + "\"}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
    }

    private static List<JsonNode> invoices(String sub) {
        List<JsonNode> invoices = new ArrayList<>();
        // the invoice read model catches up just behind the clock
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            invoices.clear();
            api.get("/v1/invoices?pageSize=100&subscriptionId=" + sub).data().forEach(invoices::add);
            return !invoices.isEmpty() && invoices.stream().noneMatch(i -> i.get("status").asText().equals("draft"))
                    && invoices.stream().anyMatch(i -> i.get("periodStart").asText().startsWith(
                    invoices.get(0).get("periodStart").asText().substring(0, 4) + "-04"));
        });
        return invoices;
    }
}
