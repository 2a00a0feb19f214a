package io.billing.ledger.server.node;

import com.sun.net.httpserver.HttpServer;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three server processes on one PostgreSQL database (DESIGN §9, docs/scaling.md): two API nodes
 * ({@code BILLING_ROLES=api}) take concurrent writes, one node runs the projections, processes
 * and scheduler. That node is killed (SIGKILL) in the middle of the load and started again; a
 * test-clock month of renewals, invoices and payments follows. Then nothing is lost, skipped or
 * repeated: every read model holds every event the store has, every renewal is invoiced once,
 * every invoice is paid once, every webhook reached the receiver, invoice numbers have no gap.
 * Last, a second processor node joins and the first is stopped with SIGTERM: the second holds
 * every segment well within the claim timeout (the released claims are taken, not waited out).
 */
@Tag("several-nodes")
class SeveralNodesTest {

    private static final int CLIENTS_PER_NODE = 2;
    private static final int CUSTOMERS_PER_CLIENT = 4;
    /** Long, so a takeover that waited for it rather than for the release would fail the bound below. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> PROPERTIES = List.of(
            // five JVM starts: C1 only and the serial collector cost a test node less CPU at start
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Daxon.eventhandling.tokenstore.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s",
            "-Dbilling.webhooks.retry-schedule=1s,1s,1s,1s,1s", "-Dbilling.webhooks.poll-interval=50ms",
            "-Dbilling.webhooks.delivery-timeout-ms=2000",
            // while the processor node is down, an API node's read-your-writes falls back to the events sooner
            "-Dbilling.read-model.wait-timeout=PT2S");
    private static final Map<String, String> API = Map.of("BILLING_ROLES", "api", "PROCESSOR_SEGMENTS", "2");
    private static final Map<String, String> WORKER = Map.of("BILLING_ROLES", "projections,processes,scheduler",
            "PROCESSOR_SEGMENTS", "2");
    private static final String EVENT = "io.billing.ledger.api.";

    @Test
    void three_nodes_lose_skip_and_repeat_nothing_and_a_stopped_node_hands_its_segments_over_at_once()
            throws Exception {
        String database = TestDatabases.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            delivered.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        // the first node migrates and registers the admin key; the API nodes then start side by side
        ServerProcess worker = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "nodes-worker", PROPERTIES, WORKER);
        CompletableFuture<ServerProcess> secondStarting = CompletableFuture.supplyAsync(() -> start(database, "nodes-api-2"));
        try (ServerProcess first = start(database, "nodes-api-1"); ServerProcess second = secondStarting.join()) {
            Api one = new Api(first.port(), EndToEndTest.ADMIN_KEY);
            Api two = new Api(second.port(), EndToEndTest.ADMIN_KEY);
            assertThat(new Api(worker.port(), EndToEndTest.ADMIN_KEY).get("/v1/plans").status())
                    .as("a node without the api role serves no API").isEqualTo(404);

            assertThat(one.post("/v1/webhook-subscriptions", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\",\"eventTypes\":[\"customer.created\","
                    + "\"subscription.created\",\"invoice.paid\",\"payment.succeeded\"]}").status()).isEqualTo(201);
            String clock = one.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}").data()
                    .get("id").asText();
            String flat = one.post("/v1/plans", "{\"name\":\"Monthly\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":1000,\"billingInterval\":\"month\"}").data().get("id").asText();
            String metered = two.post("/v1/plans", "{\"name\":\"API calls\",\"pricingModel\":\"per_unit\","
                    + "\"amountCents\":25,\"billingInterval\":\"month\"}").data().get("id").asText();

            // concurrent writers on both API nodes: each event store append races the other node's
            AtomicInteger customers = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (Api api : List.of(one, two)) {
                for (int c = 0; c < CLIENTS_PER_NODE; c++) {
                    String client = api == one ? "a" + c : "b" + c;
                    Thread thread = new Thread(() -> {
                        for (int i = 0; i < CUSTOMERS_PER_CLIENT; i++) {
                            try {
                                subscribeOne(api, client + "-" + i, clock, flat, metered);
                                customers.incrementAndGet();
                            } catch (RuntimeException | AssertionError e) {
                                failures.add(client + "-" + i + ": " + e);
                            }
                        }
                    });
                    thread.start();
                    clients.add(thread);
                }
            }
            // the processor node dies with work in hand (a crash, an OOM kill) and comes back
            await().atMost(Duration.ofSeconds(120)).until(() -> customers.get() >= 4);
            worker.kill();
            worker = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "nodes-worker-restarted", PROPERTIES, WORKER);
            for (Thread client : clients) {
                client.join();
            }
            assertThat(failures).isEmpty();
            int subscriptions = 2 * CLIENTS_PER_NODE * 2 * CUSTOMERS_PER_CLIENT;

            // a month and a day of renewals, finalizations an hour later and their payments
            assertThat(two.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-02-01T02:00:00Z\"}")
                    .status()).isLessThan(300);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> one.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                // every read model holds every event: one row per aggregate, at its last event's sequence number
                assertThat(count(jdbc, "plan_catalog")).isEqualTo(events(jdbc, "plan.PlanCreated"));
                assertThat(count(jdbc, "customer_directory")).isEqualTo(events(jdbc, "customer.CustomerCreated"));
                assertThat(count(jdbc, "subscription_directory")).isEqualTo(subscriptions)
                        .isEqualTo(events(jdbc, "subscription.SubscriptionCreated"));
                assertThat(count(jdbc, "invoice_directory")).isEqualTo(events(jdbc, "invoice.InvoiceDrafted"));
                assertThat(count(jdbc, "usage_record_log")).isEqualTo(events(jdbc, "usage.UsageRecorded"));
                for (String table : List.of("plan_catalog", "customer_directory", "subscription_directory",
                        "invoice_directory", "payments", "test_clock_directory")) {
                    assertThat(behindTheirEvents(jdbc, table)).as(table + " rows behind their aggregate").isEmpty();
                }
                // every invoice finalized is paid, once
                assertThat(jdbc.queryForList("""
                        SELECT f.aggregate_identifier FROM domain_event_entry f WHERE f.payload_type = ?
                        AND (SELECT count(*) FROM domain_event_entry p WHERE p.payload_type = ?
                             AND p.aggregate_identifier = f.aggregate_identifier) <> 1""", String.class,
                        EVENT + "invoice.InvoiceFinalized", EVENT + "invoice.InvoicePaid")).isEmpty();
                // every webhook queued was delivered, and every matching event was queued
                assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE status <> 'delivered'",
                        Long.class)).isZero();
                assertThat(delivered).containsAll(jdbc.queryForList("SELECT id FROM webhook_deliveries", String.class));
            });
            assertThat(count(jdbc, "webhook_deliveries")).isEqualTo(events(jdbc, "customer.CustomerCreated")
                    + events(jdbc, "subscription.SubscriptionCreated") + events(jdbc, "invoice.InvoicePaid")
                    + events(jdbc, "payment.PaymentSucceeded"));

            // every renewal invoiced once: one invoice per renewal, and the flat plan's first fee at the
            // start (a metered plan bills nothing in advance); no period twice
            List<Map<String, Object>> renewedWithoutOneInvoice = jdbc.queryForList("""
                    SELECT s.aggregate_identifier FROM domain_event_entry s WHERE s.payload_type = ?
                      AND (SELECT count(*) FROM domain_event_entry d WHERE d.payload_type = ?
                           AND convert_from(d.payload, 'UTF8')::jsonb ->> 'subscriptionId' = s.aggregate_identifier)
                       <> CASE WHEN convert_from(s.payload, 'UTF8')::jsonb ->> 'planId' = ? THEN 1 ELSE 0 END
                          + (SELECT count(*) FROM domain_event_entry r WHERE r.payload_type = ?
                               AND r.aggregate_identifier = s.aggregate_identifier)""",
                    EVENT + "subscription.SubscriptionCreated", EVENT + "invoice.InvoiceDrafted", flat,
                    EVENT + "subscription.SubscriptionRenewed");
            assertThat(renewedWithoutOneInvoice).isEmpty();
            assertThat(events(jdbc, "subscription.SubscriptionRenewed")).isEqualTo(subscriptions);
            assertThat(jdbc.queryForList("""
                    SELECT 1 FROM domain_event_entry WHERE payload_type = ?
                    GROUP BY convert_from(payload, 'UTF8')::jsonb ->> 'subscriptionId',
                             convert_from(payload, 'UTF8')::jsonb -> 'period' ->> 'start' HAVING count(*) > 1""",
                    Integer.class, EVENT + "invoice.InvoiceDrafted")).isEmpty();
            // every payment charged once: one attempt and one success per invoice (the cards all succeed)
            for (String type : List.of("payment.PaymentAttemptStarted", "payment.PaymentSucceeded")) {
                assertThat(jdbc.queryForList("""
                        SELECT convert_from(payload, 'UTF8')::jsonb ->> 'invoiceId' FROM domain_event_entry
                        WHERE payload_type = ? GROUP BY 1 HAVING count(*) > 1""", String.class, EVENT + type))
                        .as(type).isEmpty();
            }
            assertThat(events(jdbc, "payment.PaymentSucceeded")).isPositive();
            // invoice numbers without a gap
            List<Integer> numbers = jdbc.queryForList("""
                    SELECT substring(convert_from(payload, 'UTF8')::jsonb ->> 'number' from 10)::int AS n
                    FROM domain_event_entry WHERE payload_type = ? ORDER BY n""", Integer.class,
                    EVENT + "invoice.InvoiceFinalized");
            assertThat(numbers).isNotEmpty();
            assertThat(numbers).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, numbers.size())
                    .boxed().toList());

            // SIGTERM: a second processor node takes over the first one's segments at once
            try (ServerProcess standby = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "nodes-standby",
                    PROPERTIES, WORKER)) {
                long workerPid = worker.pid();
                assertThat(owners(jdbc)).as("the running processor node holds every segment")
                        .containsOnly(workerPid + "@");
                long stopAsked = System.nanoTime();
                worker.terminate(Duration.ofSeconds(60));
                await().atMost(CLAIM_TIMEOUT).pollInterval(Duration.ofMillis(50))
                        .until(() -> owners(jdbc).equals(Set.of(standby.pid() + "@")));
                Duration takeover = Duration.ofNanos(System.nanoTime() - stopAsked);
                // a correctness bound, not a benchmark: released, not waited out (the claim timeout is 20 s)
                assertThat(takeover).isLessThan(CLAIM_TIMEOUT.dividedBy(2));
                // and the standby does the work now
                String plan = one.post("/v1/plans", "{\"name\":\"After\",\"pricingModel\":\"flat_rate\","
                        + "\"amountCents\":500,\"billingInterval\":\"month\"}").data().get("id").asText();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        count(jdbc, "plan_catalog WHERE id = '" + plan + "'") == 1);
            }
        } finally {
            worker.close();
            receiver.stop(0);
        }
    }

    private static ServerProcess start(String database, String name) {
        try {
            return ServerProcess.start(database, EndToEndTest.ADMIN_KEY, name, PROPERTIES, API);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void subscribeOne(Api api, String name, String clock, String flat, String metered) {
        String customer = created(api.post("/v1/customers", "{\"name\":\"" + name + "\",\"email\":\"" + name
                + "@example.com\",\"testClockId\":\"" + clock + "\"}"));
        expect(201, api.post("/v1/customers/" + customer + "/payment-methods", "{\"paymentMethodId\":\"pm_card_visa\"}"));
        created(api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + flat + "\"}"));
        String usage = created(api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + metered + "\"}"));
        for (int record = 0; record < 2; record++) {
            expect(201, api.post("/v1/usage", "{\"subscriptionId\":\"" + usage + "\",\"idempotencyKey\":\"" + name
                    + "-" + record + "\",\"quantity\":" + (record + 3) + ",\"timestamp\":\"2026-01-01T00:00:00Z\"}"));
        }
    }

    private static String created(Api.Response response) {
        expect(201, response);
        return response.data().get("id").asText();
    }

    private static void expect(int status, Api.Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ": " + response);
        }
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private static long events(JdbcTemplate jdbc, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?", Long.class,
                EVENT + type);
    }

    /** Rows whose version is not their aggregate's last sequence number: an event the projection skipped. */
    private static List<String> behindTheirEvents(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT t.id FROM " + table + " t WHERE t.version <> (SELECT max(sequence_number)"
                + " FROM domain_event_entry e WHERE e.aggregate_identifier = t.id)", String.class);
    }

    /** Which JVMs ({@code pid@}) hold the streaming processors' segments. */
    private static Set<String> owners(JdbcTemplate jdbc) {
        return Set.copyOf(jdbc.queryForList("SELECT DISTINCT coalesce(split_part(owner, '@', 1) || '@', '-')"
                + " FROM token_entry", String.class));
    }
}
