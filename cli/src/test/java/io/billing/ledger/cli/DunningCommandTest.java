package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DunningCommandTest {

    static final String DUN_ID = "dun_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String INV_ID = "inv_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String SUB_ID = "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String ACTIVE = """
            {"id":"%s","invoiceId":"%s","subscriptionId":"%s","customerId":"%s","status":"active",
             "retryCount":2,"maxRetries":5,"nextRetryAt":"2031-03-02T07:00:00.000Z","currentAction":"notify",
             "lastFailureCode":"card_declined","lastDeclineCode":"insufficient_funds","lastFailureKind":"soft",
             "escalationPaused":false,"retryInFlight":false,"resolvedAt":null,"resolution":null,
             "resolutionReason":null,"createdAt":"2031-03-01T01:00:00.000Z","updatedAt":"2031-03-01T06:00:00.000Z",
             "attempts":[]}""".formatted(DUN_ID, INV_ID, SUB_ID, CUSTOMER_ID);

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

    Map<String, String> env() {
        return Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin");
    }

    CliRun billing(String... args) {
        return CliRun.of(env(), ScriptedPrompt.noTerminal(), args);
    }

    @Test
    void list_sends_the_filters_and_prints_retries_and_the_last_failure() {
        server.answer("GET", "/v1/dunning", 200, "{\"data\":[" + ACTIVE + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun run = billing("dunning", "list", "--status", "active", "--customer", CUSTOMER_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).contains("status=active").contains("customerId=" + CUSTOMER_ID);
        assertThat(run.out()).contains(DUN_ID).contains("2/5").contains("card_declined/insufficient_funds");
        assertThat(billing("dunning", "list", "--status", "paid").exitCode()).isEqualTo(2);
    }

    @Test
    void status_finds_a_case_by_its_invoice_too() {
        server.answer("GET", "/v1/invoices/" + INV_ID + "/dunning", 200, "{\"data\":" + ACTIVE + "}");

        CliRun run = billing("dunning", "status", INV_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(DUN_ID).contains("notify");
    }

    @Test
    void retry_now_and_resolve_without_a_terminal_and_without_yes_are_refused_before_anything_is_sent() {
        CliRun retry = billing("dunning", "retry-now", DUN_ID);
        CliRun resolve = billing("dunning", "resolve", DUN_ID, "--reason", "agreed");

        assertThat(retry.exitCode()).isEqualTo(2);
        assertThat(retry.err()).contains("no terminal").contains("--yes");
        assertThat(resolve.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void resolve_at_a_terminal_names_the_case_and_posts_the_reason_on_yes() throws Exception {
        server.answer("GET", "/v1/dunning/" + DUN_ID, 200, "{\"data\":" + ACTIVE + "}");
        server.answer("POST", "/v1/dunning/" + DUN_ID + "/resolve", 200,
                "{\"data\":" + ACTIVE.replace("\"status\":\"active\"", "\"status\":\"resolved\"") + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("y");

        CliRun run = CliRun.of(env(), terminal, "dunning", "resolve", DUN_ID, "--reason", "agreed a plan");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).singleElement().asString().startsWith("Close without payment dunning case "
                + DUN_ID + " (invoice " + INV_ID);
        JsonNode body = mapper.readTree(server.requests().get(1).body());
        assertThat(body.get("reason").asText()).isEqualTo("agreed a plan");
        assertThat(run.out()).contains("resolved");
    }

    @Test
    void a_no_at_the_prompt_retries_nothing_and_yes_retries_at_once() {
        server.answer("GET", "/v1/dunning/" + DUN_ID, 200, "{\"data\":" + ACTIVE + "}");
        CliRun no = CliRun.of(env(), ScriptedPrompt.answering("n"), "dunning", "retry-now", DUN_ID);
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.err()).contains("nothing was charged");
        assertThat(server.onlyRequest().method()).isEqualTo("GET");

        server.reset();
        server.answer("POST", "/v1/dunning/" + DUN_ID + "/retry-now", 200, "{\"data\":" + ACTIVE + "}");
        CliRun yes = billing("dunning", "retry-now", DUN_ID, "--yes");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(server.onlyRequest().path()).isEqualTo("/v1/dunning/" + DUN_ID + "/retry-now");
    }
}
