package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** --format table|json (and --json), the seed's singular command names, clean conversion errors, completion. */
class OutputFormatsTest {

    static FakeBillingServer server;
    final ObjectMapper mapper = new ObjectMapper();

    static final String PLANS = """
            {"data":[{"id":"plan_1","name":"Starter","status":"active","pricingModel":"flat_rate",
              "billingInterval":"month","amountCents":2999,"currency":"usd","trialPeriodDays":0,
              "createdAt":"2026-01-01T00:00:00.000Z"}],
             "meta":{"page":1,"pageSize":20,"totalCount":1,"totalPages":1}}""";

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
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "blk_test"), args);
    }

    @Test
    void format_table_is_the_default_and_prints_columns_and_the_page_footer() {
        server.answer("GET", "/v1/plans", 200, PLANS);

        CliRun run = billing("plans", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("ID ").contains("Starter").contains("29.99 USD")
                .contains("Page 1 of 1 (1 total)");
    }

    @Test
    void format_json_prints_the_data_and_json_is_its_synonym() throws Exception {
        server.answer("GET", "/v1/plans", 200, PLANS);

        CliRun formatJson = billing("plans", "list", "--format", "json");
        CliRun json = billing("--json", "plans", "list");

        assertThat(formatJson.exitCode()).as(formatJson.err()).isZero();
        JsonNode printed = mapper.readTree(formatJson.out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed.get(0).get("amountCents").asLong()).isEqualTo(2999);
        assertThat(json.out()).isEqualTo(formatJson.out());
    }

    @Test
    void the_seeds_singular_command_names_are_aliases() {
        server.answer("GET", "/v1/plans", 200, PLANS);
        server.answer("GET", "/v1/api-keys", 200, "{\"data\":[],\"meta\":{\"page\":1,\"pageSize\":20,"
                + "\"totalCount\":0,\"totalPages\":0}}");

        assertThat(billing("plan", "list").exitCode()).isZero();
        assertThat(billing("apikey", "list").exitCode()).isZero();
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::path)
                .containsExactly("/v1/plans", "/v1/api-keys");
        for (String alias : new String[]{"customer", "subscription", "invoice", "payment", "test-clock", "api-key",
                "webhook"}) {
            CliRun help = billing(alias, "--help");
            assertThat(help.exitCode()).as(alias).isZero();
        }
    }

    @Test
    void under_format_json_an_api_error_is_the_servers_envelope_on_stderr() throws Exception {
        server.answer("POST", "/v1/customers", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"Request validation failed",
                  "details":[{"field":"email","message":"must be a valid email address","code":"Email"}],
                  "requestId":"req-1"}}""");

        CliRun run = billing("--format", "json", "customers", "create", "--email", "x", "--name", "n");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        JsonNode error = mapper.readTree(run.err()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("details").get(0).get("field").asText()).isEqualTo("email");
        assertThat(error.get("requestId").asText()).isEqualTo("req-1");
    }

    @Test
    void under_format_json_an_unreachable_server_and_bad_usage_are_json_too() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun unreachable = CliRun.of(Map.of("BILLING_URL", "http://127.0.0.1:" + closedPort,
                "BILLING_API_KEY", "blk_test"), "--format", "json", "plans", "list");
        CliRun badUsage = billing("--format", "json", "plans", "list", "--status", "bogus");

        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(mapper.readTree(unreachable.err()).at("/error/code").asText()).isEqualTo("SERVER_UNREACHABLE");
        assertThat(badUsage.exitCode()).isEqualTo(2);
        assertThat(mapper.readTree(badUsage.err()).at("/error/code").asText()).isEqualTo("USAGE_ERROR");
    }

    @Test
    void an_unknown_enum_value_lists_the_valid_ones_without_java_names() {
        CliRun status = billing("plans", "list", "--status", "bogus");
        CliRun model = billing("plans", "create", "--name", "x", "--pricing-model", "tiered", "--amount-cents", "1",
                "--interval", "month");
        CliRun format = billing("--format", "xml", "plans", "list");
        CliRun instant = billing("test-clocks", "create", "--frozen-time", "yesterday");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("'bogus' is not one of active, archived");
        assertThat(model.err()).contains("'tiered' is not one of flat_rate, per_unit");
        assertThat(format.err()).contains("'xml' is not one of table, json");
        assertThat(instant.err()).contains("'yesterday' is not an ISO-8601 instant");
        for (CliRun run : new CliRun[]{status, model, format, instant}) {
            assertThat(run.err()).doesNotContain("java.").doesNotContain("Exception")
                    .doesNotContain("PlanStatus").doesNotContain("PricingModel");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void every_request_says_it_comes_from_the_cli_so_writes_are_recorded_as_cli_actor() {
        server.answer("GET", "/v1/plans", 200, PLANS);

        billing("plans", "list");

        assertThat(server.onlyRequest().header("User-Agent")).startsWith("billing-cli/");
    }

    @Test
    void completion_prints_picoclis_script_for_bash_and_zsh() {
        CliRun bash = billing("completion", "bash");
        CliRun zsh = billing("completion", "zsh");
        CliRun fish = billing("completion", "fish");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("billing").contains("plans").contains("api-keys")
                .contains("payments").contains("refund").contains("payment-methods").contains("--out-of-band")
                .contains("--yes").contains("webhooks").contains("rotate-secret").contains("redeliver")
                .contains("replay").contains("--all-events").contains("--since")
                // the event types are offered after --event-type with the wildcard last (the script quotes
                // each candidate with printf %q, so * completes as \*, never as file names), after --type without
                .contains("\"invoice.payment_action_required\"").contains("\"webhook.test\" \"*\")")
                .contains("\"webhook.test\") # --type values")
                .contains("_picocli_billing_webhooks_events");
        assertThat(zsh.out()).isEqualTo(bash.out()).contains("bashcompinit");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.err()).contains("'fish'");
    }
}
