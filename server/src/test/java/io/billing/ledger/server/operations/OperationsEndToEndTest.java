package io.billing.ledger.server.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.RawHttp;
import io.billing.ledger.server.testsupport.ServerProcess;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One server process run as production runs it: JSON logs, the Prometheus scrape on a management
 * port. A small billing flow (an API key, a webhook endpoint with a local receiver, a metered
 * subscription with usage paid by card through the simulated processor, a customer without a
 * card whose payment fails into dunning) and some refused requests; then every named metric is
 * scraped and checked, and the whole log is read: every line JSON, the access lines with request
 * ids, actors and trace ids, and none of the secrets the run used anywhere.
 */
class OperationsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void prometheus_scrapes_the_billing_metrics_and_the_json_logs_carry_request_ids_and_no_secret() throws Exception {
        String database = TestDatabases.fresh();
        int managementPort = freePort();
        String stripeWebhookSecret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
        String signingSecret = "operations-signing-" + UUID.randomUUID();
        String unknownKey = "blk_" + UUID.randomUUID().toString().replace("-", "");
        AtomicInteger webhooksReceived = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            webhooksReceived.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        List<String> secrets = new ArrayList<>(List.of(EndToEndTest.ADMIN_KEY, stripeWebhookSecret, signingSecret,
                unknownKey));
        try (ServerProcess server = ServerProcess.start(database, EndToEndTest.ADMIN_KEY, "operations",
                List.of("-Dbilling.dunning.enabled=true", "-Dbilling.webhooks.poll-interval=50ms"),
                Map.of("LOG_FORMAT", "json", "MANAGEMENT_PORT", Integer.toString(managementPort),
                        "STRIPE_WEBHOOK_SECRET", stripeWebhookSecret, "WEBHOOK_SIGNING_SECRET", signingSecret))) {
            Api admin = new Api(server.port(), EndToEndTest.ADMIN_KEY);

            Api.Response createdKey = admin.post("/v1/api-keys",
                    "{\"name\":\"operations\",\"scopes\":[\"billing:read\",\"billing:write\"]}");
            assertThat(createdKey.status()).as(createdKey.toString()).isEqualTo(201);
            String integrationKey = createdKey.data().get("key").asText();
            String integrationKeyId = createdKey.data().get("id").asText();
            secrets.add(integrationKey);
            Api api = admin.as(integrationKey);

            Api.Response endpoint = admin.post("/v1/webhook-subscriptions", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\",\"eventTypes\":[\"*\"]}");
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
            secrets.add(endpoint.data().get("secret").asText());

            String clock = admin.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}")
                    .data().get("id").asText();
            String payer = api.post("/v1/customers", "{\"name\":\"Payer\",\"email\":\"payer@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
            assertThat(api.post("/v1/customers/" + payer + "/payment-methods",
                    "{\"paymentMethodId\":\"pm_card_visa\"}").status()).isEqualTo(201);
            String calls = api.post("/v1/plans", "{\"name\":\"Calls\",\"pricingModel\":\"per_unit\","
                    + "\"amountCents\":25,\"billingInterval\":\"month\"}").data().get("id").asText();
            String metered = api.post("/v1/subscriptions", "{\"customerId\":\"" + payer + "\",\"planId\":\""
                    + calls + "\"}").data().get("id").asText();
            Api.Response usage = api.post("/v1/usage", "{\"subscriptionId\":\"" + metered + "\",\"idempotencyKey\":"
                    + "\"call-1\",\"quantity\":40,\"timestamp\":\"2026-01-01T00:00:00Z\"}");
            assertThat(usage.status()).as(usage.toString()).isEqualTo(201);

            // on a clock of its own, moved only past the first finalization: its dunning case is still open
            String cardlessClock = admin.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}")
                    .data().get("id").asText();
            String cardless = api.post("/v1/customers", "{\"name\":\"No Card\",\"email\":\"nocard@example.com\","
                    + "\"testClockId\":\"" + cardlessClock + "\"}").data().get("id").asText();
            String flat = api.post("/v1/plans", "{\"name\":\"Flat\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":1500,\"billingInterval\":\"month\"}").data().get("id").asText();
            api.post("/v1/subscriptions", "{\"customerId\":\"" + cardless + "\",\"planId\":\"" + flat + "\"}");

            Api.Response advanced = admin.post("/v1/test-clocks/" + clock + "/advance?wait=true",
                    "{\"frozenTime\":\"2026-02-01T02:00:00Z\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            assertThat(admin.post("/v1/test-clocks/" + cardlessClock + "/advance?wait=true",
                    "{\"frozenTime\":\"2026-01-01T01:30:00Z\"}").status()).isEqualTo(200);
            JsonNode invoices = api.get("/v1/invoices?subscriptionId=" + metered).data();
            assertThat(invoices.findValuesAsText("status")).contains("paid");

            // refused requests, each in the access log: no key, an unknown key, a missing scope, no
            // such path, and a path the firewall refuses before anything routes it
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            Api anonymous = new Api(server.port(), null).withHeader("X-Request-Id", "ops-no-key")
                    .withHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
            assertThat(anonymous.get("/v1/plans").status()).isEqualTo(401);
            assertThat(admin.as(unknownKey).withHeader("X-Request-Id", "ops-unknown-key").get("/v1/plans").status())
                    .isEqualTo(401);
            assertThat(api.withHeader("X-Request-Id", "ops-forbidden").get("/v1/api-keys").status()).isEqualTo(403);
            assertThat(api.withHeader("X-Request-Id", "ops-not-found").get("/v1/nothing-here").status())
                    .isEqualTo(404);
            assertThat(RawHttp.sendWithHeaders(server.port(), "GET /v1/pl%61ns HTTP/1.1\r\nX-Request-Id: ops-firewall\r\n",
                    null, null).status()).isEqualTo(400);
            // with MANAGEMENT_PORT the API's port has no /metrics, not even for an admin key
            assertThat(admin.get("/metrics").status()).isEqualTo(404);

            await().atMost(Duration.ofSeconds(120)).until(() -> webhooksReceived.get() > 0);
            // table gauges are read at most every 10 s: wait for the delivered one to show up
            PrometheusText[] scraped = new PrometheusText[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                scraped[0] = scrape(managementPort);
                return scraped[0].value("billing_webhook_deliveries", "status", "delivered") > 0
                        && scraped[0].sum("billing_invoices") >= 2;
            });
            assertMetrics(scraped[0], integrationKeyId);
            assertDashboardAndDocsName(scraped[0]);

            assertLogs(Files.readString(server.log()), secrets, integrationKeyId, traceId);
        } finally {
            receiver.stop(0);
        }
    }

    private static void assertMetrics(PrometheusText metrics, String keyId) {
        // HTTP latency per route template and status, as a histogram
        assertThat(metrics.types()).containsEntry("http_server_requests_seconds", "histogram");
        assertThat(metrics.value("http_server_requests_seconds_count", "uri", "/v1/customers/{customerId}/payment-methods",
                "method", "POST", "status", "201")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.named("http_server_requests_seconds_count"))
                .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("status", "403"))
                .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("status", "401"));
        assertThat(metrics.named("http_server_requests_seconds_bucket")).isNotEmpty();
        assertThat(metrics.named("http_server_requests_seconds_count"))
                .allSatisfy(sample -> assertThat(sample.labels().get("uri")).doesNotContain("cust_", "sub_", "inv_"));
        // command handling time per command type
        assertThat(metrics.types()).containsEntry("commandBus_allTimer_seconds", "histogram");
        assertThat(metrics.named("commandBus_allTimer_seconds_count")).anySatisfy(sample -> {
            assertThat(sample.labels().get("payloadType")).isEqualTo("CreateCustomer");
            assertThat(sample.value()).isEqualTo(2);
        });
        // per event processor
        double head = metrics.value("billing_events_head");
        assertThat(head).isPositive();
        for (String processor : List.of("invoice-directory", "payments", "webhook-outbox", "payment-saga")) {
            assertThat(metrics.value("billing_processor_position", "processor", processor))
                    .isBetween(0.0, head);
            assertThat(metrics.value("billing_processor_lag_events", "processor", processor)).isBetween(0.0, head);
            assertThat(metrics.value("billing_processor_lag_seconds", "processor", processor)).isGreaterThanOrEqualTo(0);
            assertThat(metrics.value("billing_processor_segments_claimed", "processor", processor)).isEqualTo(1);
        }
        assertThat(metrics.value("billing_projections_dead_letters", "processor", "invoice-directory")).isZero();
        // the scheduler's queues (real time only: this run's items are all on test clocks)
        for (String queue : List.of("renewals", "finalizations", "dunning")) {
            assertThat(metrics.value("billing_scheduler_due_items", "queue", queue)).isGreaterThanOrEqualTo(0);
            assertThat(metrics.value("billing_scheduler_overdue_items", "queue", queue)).isGreaterThanOrEqualTo(0);
        }
        // invoices, payments, dunning, webhooks, usage, from the tables
        assertThat(metrics.value("billing_invoices", "status", "paid")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("billing_invoices", "status", "open")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("billing_payments", "status", "succeeded", "failure_kind", "none"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("billing_payments", "status", "failed", "failure_kind", "hard"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("billing_dunning_open_cases")).isEqualTo(1);
        assertThat(metrics.value("billing_webhook_deliveries", "status", "delivered")).isPositive();
        assertThat(metrics.value("billing_webhook_backlog")).isGreaterThanOrEqualTo(0);
        assertThat(metrics.value("billing_webhook_oldest_pending_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(metrics.value("billing_usage_records")).isEqualTo(1);
        // the database pool, as HikariCP reports it
        assertThat(metrics.value("hikaricp_connections_max")).isPositive();
        assertThat(metrics.value("hikaricp_connections_active")).isGreaterThanOrEqualTo(0);
        // bounded tags: no id of ours in any label
        assertThat(metrics.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                .noneMatch(value -> value.contains(keyId) || value.matches(".*\\b(cust|sub|inv|pay|plan|clk)_.*")));
    }

    /** Every metric a Grafana panel queries is exposed; every billing_ metric exposed is documented. */
    private static void assertDashboardAndDocsName(PrometheusText metrics) throws IOException {
        Set<String> exposed = metrics.samples().stream().map(PrometheusText.Sample::name).collect(Collectors.toSet());
        for (GrafanaDashboard.Panel panel : GrafanaDashboard.panels()) {
            for (String expression : panel.expressions()) {
                assertThat(exposed).as(panel.title()).containsAll(GrafanaDashboard.metricNames(expression));
            }
        }
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        exposed.stream().filter(name -> name.startsWith("billing_"))
                .forEach(name -> assertThat(operations).as("docs/operations.md documents " + name).contains(name));
    }

    private static void assertLogs(String log, List<String> secrets, String keyId, String traceId) throws IOException {
        for (String secret : secrets) {
            assertThat(log).as("the log holds a secret of the run").doesNotContain(secret);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            assertThat(line).as("every line is a JSON document").startsWith("{");
            lines.add(JSON.readTree(line));
        }
        List<JsonNode> access = lines.stream()
                .filter(line -> "billing.access".equals(line.path("log").path("logger").asText())).toList();
        assertThat(access).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("requestId").asText()).isNotEmpty();
            assertThat(line.path("traceId").asText()).matches("[0-9a-f]{32}");
            assertThat(line.path("actor").asText()).isNotEmpty();
            assertThat(line.path("http").path("request").path("method").asText()).isNotEmpty();
            assertThat(line.path("durationMs").isNumber()).isTrue();
        });
        assertAccess(access, "ops-no-key", 401, "/v1/plans", "anonymous");
        assertThat(accessLine(access, "ops-no-key").path("traceId").asText()).isEqualTo(traceId);
        assertAccess(access, "ops-unknown-key", 401, "/v1/plans", "anonymous");
        assertAccess(access, "ops-forbidden", 403, "/v1/api-keys", keyId);
        // no handler, so no key was checked: who sent it is not known
        assertAccess(access, "ops-not-found", 404, "unmatched", "anonymous");
        assertAccess(access, "ops-firewall", 400, "unmatched", "anonymous");
        assertThat(access).anySatisfy(line -> {
            assertThat(line.path("http").path("route").asText()).isEqualTo("/v1/customers/{customerId}/payment-methods");
            assertThat(line.path("http").path("response").path("status_code").asInt()).isEqualTo(201);
            assertThat(line.path("actor").asText()).isEqualTo(keyId);
        });
    }

    private static void assertAccess(List<JsonNode> access, String requestId, int status, String route, String actor) {
        JsonNode line = accessLine(access, requestId);
        assertThat(line.path("http").path("response").path("status_code").asInt()).as(line.toString()).isEqualTo(status);
        assertThat(line.path("http").path("route").asText()).as(line.toString()).isEqualTo(route);
        assertThat(line.path("actor").asText()).as(line.toString()).isEqualTo(actor);
    }

    private static JsonNode accessLine(List<JsonNode> access, String requestId) {
        List<JsonNode> lines = access.stream().filter(line -> requestId.equals(line.path("requestId").asText())).toList();
        assertThat(lines).as("one access line for request " + requestId).hasSize(1);
        return lines.get(0);
    }

    private static PrometheusText scrape(int managementPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
