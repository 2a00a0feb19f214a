package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UsageCommandTest {

    static final String SUB_ID = "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String RECORD = """
            {"id":"usage_1","subscriptionId":"%s","idempotencyKey":"import-2026-01-20-001","quantity":120,
             "timestamp":"2026-01-20T10:00:00Z","properties":{"region":"eu"},
             "periodStart":"2026-01-15T00:00:00Z","periodEnd":"2026-02-15T00:00:00Z",
             "createdAt":"2026-01-20T10:00:01Z"}""".formatted(SUB_ID);

    static FakeBillingServer server;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new FakeBillingServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        // Without --timestamp the CLI asks for the subscription's clock; this one is on the wall clock.
        server.answer("GET", "/v1/subscriptions/" + SUB_ID, 200,
                "{\"data\":{\"id\":\"" + SUB_ID + "\",\"testClockId\":null}}");
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"), args);
    }

    @Test
    void record_posts_the_given_key_timestamp_and_properties() throws Exception {
        server.answer("POST", "/v1/usage", 201, "{\"data\":" + RECORD + "}");

        CliRun run = billing("usage", "record", "--subscription", SUB_ID, "--quantity", "120",
                "--key", "import-2026-01-20-001", "--timestamp", "2026-01-20T10:00:00Z",
                "--property", "region=eu", "--property", "host=web-1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.path()).isEqualTo("/v1/usage");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"subscriptionId":"%s","idempotencyKey":"import-2026-01-20-001","quantity":120,
                 "timestamp":"2026-01-20T10:00:00Z","properties":{"region":"eu","host":"web-1"}}"""
                .formatted(SUB_ID)));
        assertThat(run.out()).contains("Key:          import-2026-01-20-001")
                .contains("Period:       2026-01-15T00:00:00Z to 2026-02-15T00:00:00Z");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void record_defaults_to_a_fresh_key_and_now() throws Exception {
        server.answer("POST", "/v1/usage", 201, "{\"data\":" + RECORD + "}");
        Instant before = Instant.now();

        billing("usage", "record", "--subscription", SUB_ID, "--quantity", "1");
        billing("usage", "record", "--subscription", SUB_ID, "--quantity", "1");

        List<FakeBillingServer.RecordedRequest> posts = server.requests().stream()
                .filter(request -> request.method().equals("POST")).toList();
        JsonNode first = mapper.readTree(posts.get(0).body());
        JsonNode second = mapper.readTree(posts.get(1).body());
        assertThat(UUID.fromString(first.get("idempotencyKey").asText())).isNotNull();
        assertThat(first.get("idempotencyKey")).isNotEqualTo(second.get("idempotencyKey"));
        assertThat(first.has("properties")).isFalse();
        Instant sent = Instant.parse(first.get("timestamp").asText());
        assertThat(sent).isBetween(before, before.plus(Duration.ofMinutes(1)));
    }

    @Test
    void on_a_test_clock_the_default_timestamp_is_the_clocks_frozen_time() throws Exception {
        server.answer("POST", "/v1/usage", 201, "{\"data\":" + RECORD + "}");
        server.answer("GET", "/v1/subscriptions/" + SUB_ID, 200,
                "{\"data\":{\"id\":\"" + SUB_ID + "\",\"testClockId\":\"clk_1\"}}");
        server.answer("GET", "/v1/test-clocks/clk_1", 200,
                "{\"data\":{\"id\":\"clk_1\",\"frozenTime\":\"2026-01-20T10:00:00.000Z\",\"status\":\"ready\"}}");

        CliRun run = billing("usage", "record", "--subscription", SUB_ID, "--quantity", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode sent = mapper.readTree(server.requests().stream()
                .filter(request -> request.method().equals("POST")).findFirst().orElseThrow().body());
        assertThat(sent.get("timestamp").asText()).isEqualTo("2026-01-20T10:00:00Z");
    }

    @Test
    void a_replayed_key_exits_0_and_says_nothing_was_added() {
        server.answer("POST", "/v1/usage", 200, "{\"data\":" + RECORD + "}",
                Map.of("Idempotent-Replayed", "true"));

        CliRun run = billing("--json", "usage", "record", "--subscription", SUB_ID, "--quantity", "120",
                "--key", "import-2026-01-20-001");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"idempotencyKey\" : \"import-2026-01-20-001\"");
        assertThat(run.err()).contains("recorded before").contains("nothing was added");
    }

    @Test
    void a_flat_rate_subscription_is_refused_with_the_server_message() {
        server.answer("POST", "/v1/usage", 409, """
                {"error":{"code":"CONFLICT","details":[],"requestId":"req-usage","currentStatus":"active",
                  "message":"Subscription %s is on a flat_rate plan; usage is recorded only for per_unit plans"}}"""
                .formatted(SUB_ID));

        CliRun run = billing("usage", "record", "--subscription", SUB_ID, "--quantity", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CONFLICT (HTTP 409)").contains("usage is recorded only for per_unit plans")
                .contains("request id: req-usage");
    }

    @Test
    void summary_asks_for_a_period_and_prints_the_exact_amount() {
        server.answer("GET", "/v1/usage/subscriptions/" + SUB_ID + "/summary", 200, """
                {"data":{"subscriptionId":"%s","periodStart":"2025-12-15T00:00:00Z",
                  "periodEnd":"2026-01-15T00:00:00Z","totalQuantity":3200,"eventCount":17,"unitAmountCents":25,
                  "amountCents":80000,"currency":"usd","open":false}}""".formatted(SUB_ID));

        CliRun run = billing("usage", "summary", SUB_ID, "--period-start", "2025-12-15T00:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).isEqualTo("periodStart=2025-12-15T00%3A00%3A00Z");
        assertThat(run.out())
                .contains("Period:         2025-12-15T00:00:00Z to 2026-01-15T00:00:00Z")
                .contains("Open:           false")
                .contains("Total quantity: 3200")
                .contains("Records:        17")
                .contains("Unit amount:    25 (0.25 USD)")
                .contains("Amount:         80000 (800.00 USD)");
    }

    @Test
    void an_unknown_period_is_a_404() {
        CliRun run = billing("usage", "summary", SUB_ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.onlyRequest().query()).isNull();
        assertThat(run.err()).contains("NOT_FOUND (HTTP 404)");
    }

    @Test
    void void_posts_the_reason_to_the_records_void_and_shows_it_voided() throws Exception {
        server.answer("POST", "/v1/usage/evt_1/void", 200, "{\"data\":{\"id\":\"evt_1\",\"subscriptionId\":\""
                + SUB_ID + "\",\"quantity\":250,\"status\":\"voided\",\"voidedAt\":\"2026-01-20T11:00:00.000Z\","
                + "\"periodStart\":\"2026-01-15T00:00:00Z\",\"periodEnd\":\"2026-02-15T00:00:00Z\"}}");

        CliRun run = billing("usage", "void", "evt_1", "--reason", "sent twice");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("{\"reason\":\"sent twice\"}"));
        assertThat(run.out()).contains("voided").contains("2026-01-20T11:00:00.000Z");
    }

    @Test
    void list_asks_for_the_subscriptions_records_and_shows_their_status() {
        server.answer("GET", "/v1/usage", 200, "{\"data\":[{\"id\":\"evt_1\",\"quantity\":250,"
                + "\"status\":\"voided\",\"voidedAt\":\"2026-01-20T11:00:00.000Z\"}],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun run = billing("usage", "list", "--subscription", SUB_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).contains("subscriptionId=" + SUB_ID);
        assertThat(run.out()).contains("STATUS").contains("voided");
    }
}
