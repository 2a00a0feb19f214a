package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery log ({@code webhooks events list|show}) and sending again ({@code redeliver}, {@code replay}). */
class WebhookEventsCommandTest {

    static final String WH_ID = "wh_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String EVT_ID = "evt_5f1d2c3b-4a5e-4f7e-9a51-3c2d4e5f6a7b";
    static final String FAILED = """
            {"id":"%s","type":"invoice.paid","payload":{"id":"%s","type":"invoice.paid",
               "createdAt":"2026-01-15T10:00:00Z","data":{"id":"inv_1","status":"paid"}},
             "webhookSubscriptionId":"%s","status":"failed","attemptCount":2,
             "lastAttemptAt":"2026-01-15T10:01:00Z","nextAttemptAt":null,"lastResponseStatus":500,
             "createdAt":"2026-01-15T10:00:00Z","updatedAt":"2026-01-15T10:01:00Z",
             "attempts":[{"time":"2026-01-15T10:00:01Z","statusCode":503,"durationMs":120,
                          "responseBody":"upstream\\nunavailable"},
                         {"time":"2026-01-15T10:01:00Z","statusCode":500,"durationMs":9875,
                          "responseBody":"{\\"error\\":\\"boom\\"}"}]}""".formatted(EVT_ID, EVT_ID, WH_ID);
    static final String DELIVERED = """
            {"id":"evt_2","type":"payment.succeeded","payload":{"id":"evt_2"},"webhookSubscriptionId":"wh_2",
             "status":"delivered","attemptCount":1,"lastAttemptAt":"2026-01-15T10:00:02Z","nextAttemptAt":null,
             "lastResponseStatus":200,"createdAt":"2026-01-15T10:00:00Z","updatedAt":"2026-01-15T10:00:02Z"}""";
    static final String PENDING = """
            {"id":"evt_3","type":"invoice.created","payload":{"id":"evt_3"},"webhookSubscriptionId":"%s",
             "status":"pending","attemptCount":0,"lastAttemptAt":null,"nextAttemptAt":"2026-01-15T10:05:00Z",
             "lastResponseStatus":null,"createdAt":"2026-01-15T10:04:00Z","updatedAt":"2026-01-15T10:04:00Z",
             "attempts":[]}""".formatted(WH_ID);

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
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"),
                ScriptedPrompt.noTerminal(), args);
    }

    // --- events list, show ---

    @Test
    void events_list_sends_every_filter_and_the_paging_and_prints_status_attempts_and_last_code() {
        server.answer("GET", "/v1/webhook-events", 200, "{\"data\":[" + FAILED + "," + DELIVERED + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":2,\"totalCount\":3,\"totalPages\":2}}");

        CliRun run = billing("webhooks", "events", "list", "--webhook", WH_ID, "--status", "failed", "--type",
                "invoice.paid", "--page", "1", "--page-size", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query()).isEqualTo("webhookSubscriptionId=" + WH_ID
                + "&status=failed&type=invoice.paid&page=1&pageSize=2");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("TYPE").contains("WEBHOOK").contains("STATUS")
                .contains("ATTEMPTS").contains("LAST_CODE").contains("LAST_ATTEMPT_AT").contains("NEXT_ATTEMPT_AT");
        assertThat(lines[1]).startsWith(EVT_ID).contains("invoice.paid").contains(WH_ID).contains("failed")
                .contains("500").contains("2026-01-15T10:01:00Z");
        assertThat(lines[1].indexOf("500")).isEqualTo(lines[0].indexOf("LAST_CODE"));
        assertThat(lines[2]).startsWith("evt_2").contains("delivered").contains("200");
        assertThat(run.out()).contains("Page 1 of 2 (3 total)");
    }

    @Test
    void events_list_as_json_prints_the_page_and_the_singular_names_are_aliases() throws Exception {
        server.answer("GET", "/v1/webhook-events", 200, "{\"data\":[" + DELIVERED + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun formatJson = billing("webhooks", "events", "list", "--format", "json");
        CliRun json = billing("--json", "webhook", "event", "list");

        assertThat(formatJson.exitCode()).as(formatJson.err()).isZero();
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::query).containsOnlyNulls();
        JsonNode printed = mapper.readTree(formatJson.out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed.get(0)).isEqualTo(mapper.readTree(DELIVERED));
        assertThat(json.out()).isEqualTo(formatJson.out());
    }

    @Test
    void an_unknown_delivery_status_lists_the_valid_ones_and_sends_nothing() {
        CliRun list = billing("webhooks", "events", "list", "--status", "succeeded");
        CliRun replay = billing("webhooks", "replay", WH_ID, "--since", "2026-01-15T00:00:00Z", "--status", "lost");

        for (CliRun run : new CliRun[]{list, replay}) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("is not one of pending, delivered, failed")
                    .doesNotContain("java.").doesNotContain("Exception").doesNotContain("DeliveryStatus");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void events_show_prints_the_delivery_its_payload_and_every_attempt_with_the_endpoints_answer() {
        server.answer("GET", "/v1/webhook-events/" + EVT_ID, 200, "{\"data\":" + FAILED + "}");

        CliRun run = billing("webhooks", "events", "show", EVT_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().path()).isEqualTo("/v1/webhook-events/" + EVT_ID);
        assertThat(run.out())
                .contains("ID:              " + EVT_ID)
                .contains("Type:            invoice.paid")
                .contains("Webhook:         " + WH_ID)
                .contains("Status:          failed")
                .contains("Attempts:        2")
                .contains("Last response:   500")
                .contains("Last attempt at: 2026-01-15T10:01:00Z")
                .contains("Next attempt at: -")
                .contains("Payload:         {\"id\":\"" + EVT_ID + "\",\"type\":\"invoice.paid\"");
        String attempts = run.out().substring(run.out().indexOf("\nTIME"));
        String[] lines = attempts.strip().split("\n");
        assertThat(lines[0]).isEqualTo("TIME                  STATUS_CODE  DURATION_MS  RESPONSE_BODY");
        // A multi-line body stays on its row.
        assertThat(lines[1]).isEqualTo("2026-01-15T10:00:01Z  503          120          upstream unavailable");
        assertThat(lines[2]).isEqualTo("2026-01-15T10:01:00Z  500          9875         {\"error\":\"boom\"}");
        assertThat(lines).hasSize(3);
    }

    @Test
    void events_show_of_a_delivery_not_yet_attempted_says_so_and_json_keeps_the_attempts() throws Exception {
        server.answer("GET", "/v1/webhook-events/evt_3", 200, "{\"data\":" + PENDING + "}");
        server.answer("GET", "/v1/webhook-events/" + EVT_ID, 200, "{\"data\":" + FAILED + "}");

        CliRun pending = billing("webhooks", "events", "get", "evt_3");
        CliRun json = billing("webhooks", "events", "show", EVT_ID, "--json");

        assertThat(pending.exitCode()).as(pending.err()).isZero();
        assertThat(pending.out()).contains("Next attempt at: 2026-01-15T10:05:00Z").endsWith("No attempts yet.\n")
                .doesNotContain("RESPONSE_BODY");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode printed = mapper.readTree(json.out());
        assertThat(printed).isEqualTo(mapper.readTree(FAILED));
        assertThat(printed.at("/attempts/1/durationMs").asLong()).isEqualTo(9875);
    }

    @Test
    void an_unknown_delivery_is_the_servers_404_in_table_and_json() throws Exception {
        server.answer("GET", "/v1/webhook-events/evt_nope", 404, """
                {"error":{"code":"NOT_FOUND","message":"Webhook event evt_nope was not found","details":[],
                  "requestId":"req-404"}}""");

        CliRun table = billing("webhooks", "events", "show", "evt_nope");
        CliRun json = billing("--format", "json", "webhooks", "events", "show", "evt_nope");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.err()).contains("NOT_FOUND (HTTP 404): Webhook event evt_nope was not found");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        assertThat(mapper.readTree(json.err()).at("/error/message").asText())
                .isEqualTo("Webhook event evt_nope was not found");
    }

    // --- redeliver ---

    @Test
    void redeliver_posts_without_a_body_to_the_event_and_prints_the_delivery_queued_again() throws Exception {
        String requeued = FAILED.replace("\"status\":\"failed\"", "\"status\":\"pending\"")
                .replace("\"nextAttemptAt\":null", "\"nextAttemptAt\":\"2026-01-16T09:00:00Z\"");
        server.answer("POST", "/v1/webhook-events/" + EVT_ID + "/redeliver", 202, "{\"data\":" + requeued + "}");

        CliRun table = billing("webhooks", "redeliver", EVT_ID);
        CliRun json = billing("webhooks", "redeliver", EVT_ID, "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("ID:              " + EVT_ID).contains("Status:          pending")
                .contains("Next attempt at: 2026-01-16T09:00:00Z");
        assertThat(table.err()).contains("billing webhooks events show " + EVT_ID);
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out())).isEqualTo(mapper.readTree(requeued));
        for (FakeBillingServer.RecordedRequest request : server.requests()) {
            assertThat(request.method() + " " + request.path())
                    .isEqualTo("POST /v1/webhook-events/" + EVT_ID + "/redeliver");
            assertThat(request.body()).isEmpty();
            assertThat(request.header("Content-Type")).isNull();
            assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void redeliver_to_a_deleted_endpoint_shows_the_servers_conflict_in_table_and_json() throws Exception {
        server.answer("POST", "/v1/webhook-events/" + EVT_ID + "/redeliver", 409, """
                {"error":{"code":"CONFLICT","message":"Webhook subscription %s was deleted","details":[],
                  "requestId":"req-409"}}""".formatted(WH_ID));

        CliRun table = billing("webhooks", "redeliver", EVT_ID);
        CliRun json = billing("webhooks", "redeliver", EVT_ID, "--format", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("CONFLICT (HTTP 409): Webhook subscription " + WH_ID + " was deleted")
                .contains("request id: req-409");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(mapper.readTree(json.err()).at("/error/code").asText()).isEqualTo("CONFLICT");
    }

    // --- replay ---

    @Test
    void replay_posts_the_window_and_status_and_shows_the_servers_answer() throws Exception {
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/replay", 202,
                "{\"data\":{\"webhookSubscriptionId\":\"" + WH_ID + "\",\"replayed\":7,"
                        + "\"since\":\"2026-01-15T00:00:00Z\",\"until\":\"2026-01-16T00:00:00Z\"}}");

        CliRun table = billing("webhooks", "replay", WH_ID, "--since", "2026-01-15T00:00:00Z",
                "--until", "2026-01-16T00:00:00Z", "--status", "failed");

        assertThat(table.exitCode()).as(table.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"since":"2026-01-15T00:00:00Z","until":"2026-01-16T00:00:00Z","status":"failed"}"""));
        assertThat(table.out()).contains("webhookSubscriptionId: " + WH_ID).contains("replayed:              7");
    }

    @Test
    void replay_with_only_since_sends_only_since_and_json_prints_the_answer() throws Exception {
        String answer = "{\"replayed\":3}";
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/replay", 202, "{\"data\":" + answer + "}");

        CliRun run = billing("--json", "webhooks", "replay", WH_ID, "--since", "2026-01-15T10:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().body()).isEqualTo("{\"since\":\"2026-01-15T10:00:00Z\"}");
        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(answer));
    }

    @Test
    void replay_answered_with_the_deliveries_prints_them_as_a_table() {
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/replay", 202,
                "{\"data\":[" + PENDING + "]}");

        CliRun run = billing("webhooks", "replay", WH_ID, "--since", "2026-01-15T10:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("STATUS").contains("NEXT_ATTEMPT_AT");
        assertThat(lines[1]).startsWith("evt_3").contains("pending").contains("2026-01-15T10:05:00Z");
    }

    @Test
    void replay_and_redeliver_answered_without_a_body_say_what_was_asked() {
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/replay", 202, "");
        server.answer("POST", "/v1/webhook-events/" + EVT_ID + "/redeliver", 204, "");

        CliRun replay = billing("webhooks", "replay", WH_ID, "--since", "2026-01-15T10:00:00Z");
        CliRun redeliver = billing("webhooks", "redeliver", EVT_ID);

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).isEqualTo("Replay of " + WH_ID + " requested.\n");
        assertThat(redeliver.exitCode()).as(redeliver.err()).isZero();
        assertThat(redeliver.out()).isEqualTo("Queued " + EVT_ID + " for redelivery.\n");
    }

    @Test
    void replay_without_since_with_a_bad_instant_or_an_empty_window_is_a_usage_error_and_sends_nothing() {
        CliRun noSince = billing("webhooks", "replay", WH_ID);
        CliRun badInstant = billing("webhooks", "replay", WH_ID, "--since", "yesterday");
        CliRun backwards = billing("webhooks", "replay", WH_ID, "--since", "2026-01-16T00:00:00Z",
                "--until", "2026-01-15T00:00:00Z");

        assertThat(noSince.exitCode()).isEqualTo(2);
        assertThat(noSince.err()).contains("--since");
        assertThat(badInstant.exitCode()).isEqualTo(2);
        assertThat(badInstant.err()).contains("'yesterday' is not an ISO-8601 instant");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--until must be after --since");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void replay_refused_by_the_server_is_its_validation_error_in_json() throws Exception {
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/replay", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"Request validation failed",
                  "details":[{"field":"since","message":"must be within the last 30 days","code":"range"}],
                  "requestId":"req-replay"}}""");

        CliRun json = billing("webhooks", "replay", WH_ID, "--since", "2020-01-01T00:00:00Z", "--format", "json");
        CliRun table = billing("webhooks", "replay", WH_ID, "--since", "2020-01-01T00:00:00Z");

        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        JsonNode error = mapper.readTree(json.err()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/0/field").asText()).isEqualTo("since");
        assertThat(table.err()).contains("since: must be within the last 30 days [range]");
    }
}
