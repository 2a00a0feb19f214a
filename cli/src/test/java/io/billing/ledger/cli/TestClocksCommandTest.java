package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TestClocksCommandTest {

    static final String CLOCK_ID = "clk_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String READY = """
            {"id":"%s","name":"year of Ada","frozenTime":"2027-01-01T00:00:00Z","status":"ready",
             "advancingTo":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:05Z",
             "version":2}""".formatted(CLOCK_ID);
    static final String ADVANCING = READY.replace("\"status\":\"ready\"", "\"status\":\"advancing\"")
            .replace("\"advancingTo\":null", "\"advancingTo\":\"2027-01-01T00:00:00Z\"");

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
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"), args);
    }

    @Test
    void create_posts_the_frozen_time_and_name() throws Exception {
        server.answer("POST", "/v1/test-clocks", 201, "{\"data\":" + READY + "}");

        CliRun run = billing("test-clocks", "create", "--frozen-time", "2026-01-01T00:00:00Z", "--name", "year of Ada");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(mapper.readTree(request.body()))
                .isEqualTo(mapper.readTree("{\"frozenTime\":\"2026-01-01T00:00:00Z\",\"name\":\"year of Ada\"}"));
        assertThat(run.out()).contains("ID:           " + CLOCK_ID).contains("Status:       ready");
    }

    @Test
    void create_without_a_time_starts_the_clock_now() throws Exception {
        server.answer("POST", "/v1/test-clocks", 201, "{\"data\":" + READY + "}");
        Instant before = Instant.now().minusSeconds(1);

        billing("test-clocks", "create");

        JsonNode body = mapper.readTree(server.onlyRequest().body());
        assertThat(body.has("name")).isFalse();
        assertThat(Instant.parse(body.get("frozenTime").asText())).isBetween(before, Instant.now());
    }

    @Test
    void advance_without_wait_posts_once_and_shows_the_advancing_clock() throws Exception {
        server.answer("POST", "/v1/test-clocks/" + CLOCK_ID + "/advance", 200, "{\"data\":" + ADVANCING + "}");

        CliRun run = billing("test-clocks", "advance", CLOCK_ID, "--to", "2027-01-01T00:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mapper.readTree(server.onlyRequest().body()))
                .isEqualTo(mapper.readTree("{\"frozenTime\":\"2027-01-01T00:00:00Z\"}"));
        assertThat(run.out()).contains("Status:       advancing").contains("Advancing to: 2027-01-01T00:00:00Z")
                .doesNotContain("Ready after");
    }

    @Test
    void advance_with_wait_polls_until_ready_and_says_how_long_it_took() {
        server.answer("POST", "/v1/test-clocks/" + CLOCK_ID + "/advance", 200, "{\"data\":" + ADVANCING + "}");
        server.answerInTurn("GET", "/v1/test-clocks/" + CLOCK_ID, 200,
                "{\"data\":" + ADVANCING + "}", "{\"data\":" + READY + "}");

        CliRun run = billing("test-clocks", "advance", CLOCK_ID, "--to", "2027-01-01T00:00:00Z", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests()).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /v1/test-clocks/" + CLOCK_ID + "/advance",
                        "GET /v1/test-clocks/" + CLOCK_ID, "GET /v1/test-clocks/" + CLOCK_ID);
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer sk_test_admin");
        assertThat(run.out()).contains("Status:       ready").containsPattern("Ready after \\d+\\.\\d s\\.");
        assertThat(run.err()).contains("Waiting for " + CLOCK_ID);
    }

    @Test
    void with_json_the_wait_keeps_stdout_one_json_document() throws Exception {
        server.answer("POST", "/v1/test-clocks/" + CLOCK_ID + "/advance", 200, "{\"data\":" + READY + "}");

        CliRun run = billing("--json", "test-clocks", "advance", CLOCK_ID, "--to", "2027-01-01T00:00:00Z", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests()).hasSize(1);
        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(READY));
        assertThat(run.err()).contains("Ready after");
    }

    @Test
    void a_wait_that_never_ends_gives_up_after_the_timeout_with_exit_1() {
        server.answer("POST", "/v1/test-clocks/" + CLOCK_ID + "/advance", 200, "{\"data\":" + ADVANCING + "}");
        server.answer("GET", "/v1/test-clocks/" + CLOCK_ID, 200, "{\"data\":" + ADVANCING + "}");

        CliRun run = billing("test-clocks", "advance", CLOCK_ID, "--to", "2027-01-01T00:00:00Z", "--wait",
                "--wait-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("still advancing after 1 s").contains("billing test-clocks get " + CLOCK_ID);
    }

    @Test
    void outside_test_mode_the_server_answers_404() {
        server.answer("GET", "/v1/test-clocks/" + CLOCK_ID, 404, """
                {"error":{"code":"NOT_FOUND","message":"Test clock %s not found","requestId":"req-404"}}"""
                .formatted(CLOCK_ID));

        CliRun run = billing("test-clocks", "get", CLOCK_ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("NOT_FOUND (HTTP 404)").contains("Test clock " + CLOCK_ID + " not found");
    }

    @Test
    void an_invalid_target_instant_is_a_usage_error() {
        CliRun run = billing("test-clocks", "advance", CLOCK_ID, "--to", "next tuesday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to");
        assertThat(server.requests()).isEmpty();
    }
}
