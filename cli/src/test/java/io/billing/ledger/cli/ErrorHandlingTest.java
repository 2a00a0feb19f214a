package io.billing.ledger.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes and stderr: 1 for an API error, 2 for usage, 3 for an unreachable server. */
class ErrorHandlingTest {

    static FakeBillingServer server;

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
    void a_validation_error_prints_code_message_field_details_and_request_id() {
        server.answer("POST", "/v1/customers", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"Request validation failed",
                  "details":[{"field":"email","message":"must be a valid email address","code":"Email"},
                             {"field":"name","message":"must not be blank","code":"Pattern"}],
                  "requestId":"req-400"}}""");

        CliRun run = billing("customers", "create", "--email", "nope", "--name", " ");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("VALIDATION_ERROR")
                .contains("HTTP 400")
                .contains("Request validation failed")
                .contains("email: must be a valid email address [Email]")
                .contains("name: must not be blank [Pattern]")
                .contains("request id: req-400");
    }

    @Test
    void an_unauthorized_answer_is_an_api_error() {
        server.answer("GET", "/v1/plans", 401,
                "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid or missing API key\",\"requestId\":\"req-401\"}}");

        CliRun run = CliRun.of(Map.of("BILLING_URL", server.url()), "plans", "list", "--api-key", "sk_wrong");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.onlyRequest().header("Authorization")).isEqualTo("Bearer sk_wrong");
        assertThat(run.err()).contains("UNAUTHORIZED").contains("Invalid or missing API key").contains("req-401");
    }

    @Test
    void a_conflict_shows_the_current_status_and_allowed_transitions() {
        server.answer("POST", "/v1/api-keys/key_1/revoke", 409, """
                {"error":{"code":"CONFLICT","message":"already revoked","details":[],"requestId":"req-409",
                  "currentStatus":"revoked","allowedTransitions":[]}}""");

        CliRun run = billing("api-keys", "revoke", "key_1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CONFLICT (HTTP 409): already revoked").contains("current status: revoked");
    }

    @Test
    void a_non_json_error_from_a_proxy_is_still_reported_with_the_header_request_id() {
        server.answer("GET", "/v1/customers", 502, "<html>Bad Gateway</html>",
                Map.of("Content-Type", "text/html", "X-Request-Id", "req-proxy"));

        CliRun run = billing("customers", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("HTTP_502").contains("Bad Gateway").contains("request id: req-proxy");
    }

    @Test
    void an_unreachable_server_exits_with_3() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.of(Map.of("BILLING_API_KEY", "sk"), "plans", "list", "--url",
                "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach the billing server at http://127.0.0.1:" + closedPort)
                .contains("connection refused");
    }

    @Test
    void a_missing_api_key_is_a_usage_error_and_nothing_is_sent() {
        CliRun run = CliRun.of(Map.of("BILLING_URL", server.url()), "customers", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No API key").contains("BILLING_API_KEY");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void a_missing_required_option_is_a_usage_error() {
        CliRun run = billing("customers", "create", "--name", "Ada");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--email");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void an_invalid_url_is_a_usage_error() {
        CliRun run = billing("plans", "list", "--url", "localhost:3000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid server URL");
    }

    @Test
    void a_bare_command_group_prints_its_usage_and_exits_with_2() {
        CliRun run = billing("plans");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: billing plans").contains("create").contains("archive");
    }

    @Test
    void the_url_option_overrides_the_environment_and_keeps_a_path_prefix() {
        server.answer("GET", "/prefix/v1/plans", 200, "{\"data\":[],\"meta\":{\"page\":1,\"pageSize\":20,"
                + "\"totalCount\":0,\"totalPages\":0}}");

        CliRun run = CliRun.of(Map.of("BILLING_URL", "http://127.0.0.1:1", "BILLING_API_KEY", "sk"),
                "--url", server.url() + "/prefix/", "plans", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().path()).isEqualTo("/prefix/v1/plans");
    }
}
