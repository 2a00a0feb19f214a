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
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The endpoint commands of {@code billing webhooks}; the delivery log is in {@link WebhookEventsCommandTest}. */
class WebhooksCommandTest {

    static final String WH_ID = "wh_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String WEBHOOK = """
            {"id":"%s","url":"https://hooks.example.com/billing","eventTypes":["invoice.paid","payment.failed"],
             "isActive":true,"description":"ERP sync","createdAt":"2026-01-15T10:00:00Z",
             "updatedAt":"2026-01-16T11:00:00Z"}""".formatted(WH_ID);
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String WITH_SECRET = WEBHOOK.replace("\"updatedAt\"", "\"secret\":\"" + SECRET + "\",\"updatedAt\"");
    static final String OTHER = """
            {"id":"wh_2","url":"http://localhost:4000/hooks","eventTypes":["*"],"isActive":false,
             "description":null,"createdAt":"2026-01-14T10:00:00Z","updatedAt":"2026-01-14T10:00:00Z"}""";

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

    /** Nobody at a terminal, as in CI: any command that asks would fail the test. */
    CliRun billing(String... args) {
        return CliRun.of(env(), ScriptedPrompt.noTerminal(), args);
    }

    CliRun billingAt(ScriptedPrompt terminal, String... args) {
        return CliRun.of(env(), terminal, args);
    }

    // --- list, show ---

    @Test
    void list_sends_the_paging_and_prints_url_event_types_and_whether_each_endpoint_is_active() {
        server.answer("GET", "/v1/webhook-subscriptions", 200, "{\"data\":[" + WEBHOOK + "," + OTHER + "],"
                + "\"meta\":{\"page\":2,\"pageSize\":2,\"totalCount\":4,\"totalPages\":2}}");

        CliRun run = billing("webhooks", "list", "--page", "2", "--page-size", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query()).isEqualTo("page=2&pageSize=2");
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("URL").contains("EVENT_TYPES").contains("ACTIVE")
                .contains("DESCRIPTION").contains("CREATED_AT");
        assertThat(lines[1]).startsWith(WH_ID).contains("https://hooks.example.com/billing")
                .contains("invoice.paid,payment.failed").contains("true").contains("ERP sync");
        assertThat(lines[2]).startsWith("wh_2").contains("*").contains("false");
        assertThat(lines[2].indexOf("false")).isEqualTo(lines[0].indexOf("ACTIVE"));
        assertThat(run.out()).contains("Page 2 of 2 (4 total)").doesNotContain("whsec_");
    }

    @Test
    void list_as_json_prints_the_page_and_webhook_is_an_alias() throws Exception {
        server.answer("GET", "/v1/webhook-subscriptions", 200, "{\"data\":[" + WEBHOOK + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun formatJson = billing("webhooks", "list", "--format", "json");
        CliRun json = billing("--json", "webhook", "list");

        assertThat(formatJson.exitCode()).as(formatJson.err()).isZero();
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::query).containsOnlyNulls();
        JsonNode printed = mapper.readTree(formatJson.out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed.get(0)).isEqualTo(mapper.readTree(WEBHOOK));
        assertThat(json.out()).isEqualTo(formatJson.out());
    }

    @Test
    void show_prints_one_endpoint_and_get_is_its_alias() throws Exception {
        server.answer("GET", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + WEBHOOK + "}");

        CliRun table = billing("webhooks", "show", WH_ID);
        CliRun json = billing("webhook", "get", WH_ID, "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("ID:          " + WH_ID)
                .contains("URL:         https://hooks.example.com/billing")
                .contains("Event types: invoice.paid,payment.failed")
                .contains("Active:      true")
                .contains("Description: ERP sync")
                .contains("Created at:  2026-01-15T10:00:00Z")
                .contains("Updated at:  2026-01-16T11:00:00Z")
                .doesNotContain("Secret");
        assertThat(mapper.readTree(json.out())).isEqualTo(mapper.readTree(WEBHOOK));
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::path)
                .containsExactly("/v1/webhook-subscriptions/" + WH_ID, "/v1/webhook-subscriptions/" + WH_ID);
    }

    @Test
    void an_unknown_endpoint_is_the_servers_404_in_table_and_in_json() throws Exception {
        server.answer("GET", "/v1/webhook-subscriptions/wh_nope", 404, """
                {"error":{"code":"NOT_FOUND","message":"Webhook subscription wh_nope was not found","details":[],
                  "requestId":"req-404"}}""");

        CliRun table = billing("webhooks", "show", "wh_nope");
        CliRun json = billing("webhooks", "show", "wh_nope", "--format", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("NOT_FOUND (HTTP 404): Webhook subscription wh_nope was not found")
                .contains("request id: req-404");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        assertThat(mapper.readTree(json.err()).at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(mapper.readTree(json.err()).at("/error/requestId").asText()).isEqualTo("req-404");
    }

    // --- create ---

    @Test
    void create_posts_url_event_types_and_description_and_shows_the_secret_once_with_a_notice() throws Exception {
        server.answer("POST", "/v1/webhook-subscriptions", 201, "{\"data\":" + WITH_SECRET + "}");

        CliRun run = billing("webhooks", "create", "--endpoint", "https://hooks.example.com/billing",
                "--event-type", "invoice.paid,payment.failed", "--event-type", "invoice.paid",
                "--description", "ERP sync");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/webhook-subscriptions");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        // A type named twice is sent once; the order the operator gave is kept.
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"url":"https://hooks.example.com/billing","eventTypes":["invoice.paid","payment.failed"],
                 "description":"ERP sync"}"""));
        assertThat(run.out()).contains("ID:          " + WH_ID).contains("Event types: invoice.paid,payment.failed")
                .contains("Secret:      " + SECRET);
        assertThat(run.err()).contains("Store this signing secret now").contains("shown only once")
                .doesNotContain(SECRET);
    }

    @Test
    void create_as_json_prints_the_secret_field_and_keeps_stdout_pure_json() throws Exception {
        server.answer("POST", "/v1/webhook-subscriptions", 201, "{\"data\":" + WITH_SECRET + "}");

        CliRun run = billing("--json", "webhooks", "create", "--endpoint", "https://hooks.example.com/billing",
                "--event-type", "invoice.paid");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode printed = mapper.readTree(run.out());
        assertThat(printed.get("secret").asText()).isEqualTo(SECRET);
        assertThat(printed).isEqualTo(mapper.readTree(WITH_SECRET));
        assertThat(mapper.readTree(server.onlyRequest().body()))
                .isEqualTo(mapper.readTree("{\"url\":\"https://hooks.example.com/billing\","
                        + "\"eventTypes\":[\"invoice.paid\"]}"));
    }

    @Test
    void create_with_all_events_sends_the_wildcard_which_the_shell_would_otherwise_expand() throws Exception {
        server.answer("POST", "/v1/webhook-subscriptions", 201, "{\"data\":" + WITH_SECRET + "}");

        CliRun allEvents = billing("webhooks", "create", "--endpoint", "https://h.example.com", "--all-events");
        CliRun quoted = billing("webhooks", "create", "--endpoint", "https://h.example.com", "--event-type", "*");

        assertThat(allEvents.exitCode()).as(allEvents.err()).isZero();
        assertThat(quoted.exitCode()).as(quoted.err()).isZero();
        for (FakeBillingServer.RecordedRequest request : server.requests()) {
            assertThat(mapper.readTree(request.body()).get("eventTypes"))
                    .isEqualTo(mapper.readTree("[\"*\"]"));
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void create_without_event_types_or_with_both_forms_is_a_usage_error_and_sends_nothing() throws Exception {
        CliRun none = billing("webhooks", "create", "--endpoint", "https://h.example.com");
        CliRun both = billing("webhooks", "create", "--endpoint", "https://h.example.com", "--all-events",
                "--event-type", "invoice.paid");
        CliRun noUrl = billing("webhooks", "create", "--event-type", "invoice.paid");
        CliRun json = billing("--json", "webhooks", "create", "--endpoint", "https://h.example.com");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--event-type").contains("--all-events")
                .contains("billing webhooks create --help");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--all-events already means every event type");
        assertThat(noUrl.exitCode()).isEqualTo(2);
        assertThat(noUrl.err()).contains("--endpoint");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(mapper.readTree(json.err()).at("/error/code").asText()).isEqualTo("USAGE_ERROR");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void an_event_type_the_server_does_not_know_is_its_validation_error_in_table_and_json() throws Exception {
        // The CLI offers the known types for completion but lets the server judge them.
        server.answer("POST", "/v1/webhook-subscriptions", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"Request validation failed",
                  "details":[{"field":"eventTypes[0]","message":"unknown event type 'invoice.exploded'",
                              "code":"unknown_event_type"}],
                  "requestId":"req-400"}}""");

        CliRun table = billing("webhooks", "create", "--endpoint", "https://h.example.com",
                "--event-type", "invoice.exploded");
        CliRun json = billing("webhooks", "create", "--endpoint", "https://h.example.com",
                "--event-type", "invoice.exploded", "--format", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("VALIDATION_ERROR (HTTP 400): Request validation failed")
                .contains("eventTypes[0]: unknown event type 'invoice.exploded' [unknown_event_type]")
                .contains("request id: req-400");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        JsonNode error = mapper.readTree(json.err()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/0/field").asText()).isEqualTo("eventTypes[0]");
        assertThat(server.requests()).hasSize(2);
        assertThat(mapper.readTree(server.requests().get(0).body()).get("eventTypes"))
                .isEqualTo(mapper.readTree("[\"invoice.exploded\"]"));
    }

    // --- update ---

    @Test
    void update_patches_only_the_fields_given_and_disable_sends_is_active_false() throws Exception {
        String disabled = WEBHOOK.replace("\"isActive\":true", "\"isActive\":false");
        server.answer("PATCH", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + disabled + "}");

        CliRun run = billing("webhooks", "update", WH_ID, "--disable", "--event-type", "invoice.paid",
                "--endpoint", "https://hooks.example.com/v2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"url":"https://hooks.example.com/v2","eventTypes":["invoice.paid"],"isActive":false}"""));
        assertThat(run.out()).contains("Active:      false");
    }

    @Test
    void update_enable_and_description_alone_and_as_json() throws Exception {
        server.answer("PATCH", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + WEBHOOK + "}");

        CliRun enable = billing("webhooks", "update", WH_ID, "--enable");
        CliRun description = billing("webhooks", "update", WH_ID, "--description", "ERP sync", "--json");
        CliRun allEvents = billing("webhooks", "update", WH_ID, "--all-events");

        assertThat(enable.exitCode()).as(enable.err()).isZero();
        assertThat(description.exitCode()).as(description.err()).isZero();
        assertThat(mapper.readTree(description.out())).isEqualTo(mapper.readTree(WEBHOOK));
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::body).containsExactly(
                "{\"isActive\":true}", "{\"description\":\"ERP sync\"}", "{\"eventTypes\":[\"*\"]}");
    }

    @Test
    void update_with_nothing_or_with_enable_and_disable_is_a_usage_error_and_sends_nothing() {
        CliRun nothing = billing("webhooks", "update", WH_ID);
        CliRun both = billing("webhooks", "update", WH_ID, "--enable", "--disable");

        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("Nothing to update").contains("--endpoint").contains("--disable");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--enable and --disable contradict each other");
        assertThat(server.requests()).isEmpty();
    }

    // --- delete ---

    @Test
    void delete_with_yes_sends_the_delete_at_once_without_asking_and_prints_what_the_server_answers() {
        String inactive = WEBHOOK.replace("\"isActive\":true", "\"isActive\":false");
        server.answer("DELETE", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + inactive + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("n");

        CliRun run = billingAt(terminal, "webhooks", "delete", WH_ID, "--yes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).isEmpty();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.path()).isEqualTo("/v1/webhook-subscriptions/" + WH_ID);
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(run.out()).contains("ID:          " + WH_ID).contains("Active:      false");
    }

    @Test
    void delete_answered_with_no_content_says_so_in_table_and_json() throws Exception {
        server.answer("DELETE", "/v1/webhook-subscriptions/" + WH_ID, 204, "");

        CliRun table = billing("webhooks", "delete", WH_ID, "-y");
        CliRun json = billing("webhooks", "delete", WH_ID, "-y", "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).isEqualTo("Deleted webhook " + WH_ID + ".\n");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out()))
                .isEqualTo(mapper.readTree("{\"id\":\"" + WH_ID + "\",\"deleted\":true}"));
    }

    @Test
    void without_a_terminal_and_without_yes_delete_and_rotate_secret_refuse_before_anything_is_sent()
            throws Exception {
        for (String command : new String[]{"delete", "rotate-secret"}) {
            CliRun table = billing("webhooks", command, WH_ID);
            CliRun json = billing("webhooks", command, WH_ID, "--format", "json");

            assertThat(table.exitCode()).as(command).isEqualTo(2);
            assertThat(table.out()).isEmpty();
            assertThat(table.err()).contains("'" + command + "' must be confirmed").contains("no terminal")
                    .contains("--yes").contains("billing webhooks " + command + " --help");
            assertThat(json.exitCode()).as(command).isEqualTo(2);
            JsonNode error = mapper.readTree(json.err()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("USAGE_ERROR");
            assertThat(error.get("message").asText()).contains("--yes");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void in_this_test_jvm_which_has_no_terminal_the_real_console_refuses_too_instead_of_waiting() {
        // The guard CI relies on: the process's own console, not a scripted one.
        assumeFalse(Prompt.console().available(), "run from a terminal: nothing to prove here");

        CliRun delete = CliRun.of(env(), "webhooks", "delete", WH_ID);
        CliRun rotate = CliRun.of(env(), "webhooks", "rotate-secret", WH_ID);

        assertThat(delete.exitCode()).isEqualTo(2);
        assertThat(delete.err()).contains("--yes");
        assertThat(rotate.exitCode()).isEqualTo(2);
        assertThat(rotate.err()).contains("--yes");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void at_a_terminal_delete_names_the_endpoint_as_the_server_holds_it_and_goes_ahead_on_yes() {
        server.answer("GET", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + WEBHOOK + "}");
        server.answer("DELETE", "/v1/webhook-subscriptions/" + WH_ID, 204, "");
        ScriptedPrompt terminal = ScriptedPrompt.answering(" YES ");

        CliRun run = billingAt(terminal, "webhooks", "delete", WH_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).containsExactly("Delete webhook " + WH_ID
                + " (https://hooks.example.com/billing, invoice.paid,payment.failed)? Deliveries to it stop; "
                + "its delivery log stays. [y/N] ");
        assertThat(server.requests()).extracting(request -> request.method() + " " + request.path()).containsExactly(
                "GET /v1/webhook-subscriptions/" + WH_ID, "DELETE /v1/webhook-subscriptions/" + WH_ID);
    }

    @Test
    void anything_but_yes_at_the_prompt_deletes_and_rotates_nothing() throws Exception {
        for (String command : new String[]{"delete", "rotate-secret"}) {
            for (String answer : new String[]{"n", "", "yess", null}) {
                server.reset();
                server.answer("GET", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + WEBHOOK + "}");

                CliRun run = billingAt(ScriptedPrompt.answering(answer), "webhooks", command, WH_ID);

                assertThat(run.exitCode()).as("%s, answer %s", command, answer).isEqualTo(1);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).contains(command.equals("delete")
                        ? "Delete not confirmed: nothing was deleted."
                        : "Rotation not confirmed: the secret is unchanged.");
                assertThat(server.onlyRequest().method()).isEqualTo("GET");
            }
        }
        server.reset();
        server.answer("GET", "/v1/webhook-subscriptions/" + WH_ID, 200, "{\"data\":" + WEBHOOK + "}");

        CliRun json = billingAt(ScriptedPrompt.answering("n"), "--json", "webhooks", "delete", WH_ID);

        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(mapper.readTree(json.err()).at("/error/code").asText()).isEqualTo("NOT_CONFIRMED");
    }

    @Test
    void an_unknown_endpoint_at_the_prompt_is_reported_and_nothing_is_asked() {
        server.answer("GET", "/v1/webhook-subscriptions/wh_nope", 404,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Webhook subscription wh_nope was not found\"}}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("y");

        CliRun run = billingAt(terminal, "webhooks", "delete", "wh_nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("NOT_FOUND (HTTP 404): Webhook subscription wh_nope was not found");
        assertThat(terminal.questions()).isEmpty();
        assertThat(server.onlyRequest().method()).isEqualTo("GET");
    }

    // --- rotate-secret ---

    @Test
    void rotate_secret_with_yes_posts_without_a_body_and_shows_the_new_secret_once() throws Exception {
        String rotated = WITH_SECRET.replace(SECRET, "whsec_bmV3IHNlY3JldCBieXRlcyAzMiBsb25nISEhISE=");
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/rotate-secret", 200, "{\"data\":" + rotated + "}");

        CliRun table = billing("webhooks", "rotate-secret", WH_ID, "--yes");
        CliRun json = billing("webhooks", "rotate-secret", WH_ID, "--yes", "--format", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Secret:      whsec_bmV3IHNlY3JldCBieXRlcyAzMiBsb25nISEhISE=");
        assertThat(table.err()).contains("Store this new signing secret now").contains("24 h");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out()).get("secret").asText())
                .isEqualTo("whsec_bmV3IHNlY3JldCBieXRlcyAzMiBsb25nISEhISE=");
        for (FakeBillingServer.RecordedRequest request : server.requests()) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.body()).isEmpty();
            assertThat(request.header("Content-Type")).isNull();
            assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void at_a_terminal_rotate_secret_asks_then_rotates_on_y() {
        server.answer("GET", "/v1/webhook-subscriptions/wh_2", 200, "{\"data\":" + OTHER + "}");
        server.answer("POST", "/v1/webhook-subscriptions/wh_2/rotate-secret", 200,
                "{\"data\":" + OTHER.replace("\"description\"", "\"secret\":\"whsec_x\",\"description\"") + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("y");

        CliRun run = billingAt(terminal, "webhooks", "rotate-secret", "wh_2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).containsExactly("Rotate the signing secret of webhook wh_2 "
                + "(http://localhost:4000/hooks, *, inactive)? The old secret keeps signing alongside the new one "
                + "for 24 h. [y/N] ");
        assertThat(server.requests()).extracting(request -> request.method() + " " + request.path()).containsExactly(
                "GET /v1/webhook-subscriptions/wh_2", "POST /v1/webhook-subscriptions/wh_2/rotate-secret");
        assertThat(run.out()).contains("Secret:      whsec_x");
    }

    // --- test ---

    @Test
    void test_posts_without_a_body_and_prints_the_queued_test_delivery() throws Exception {
        String delivery = """
                {"id":"evt_test1","type":"webhook.test","payload":{"id":"evt_test1","type":"webhook.test"},
                 "webhookSubscriptionId":"%s","status":"pending","attemptCount":0,"lastAttemptAt":null,
                 "nextAttemptAt":"2026-01-16T11:00:00Z","lastResponseStatus":null,
                 "createdAt":"2026-01-16T11:00:00Z","updatedAt":"2026-01-16T11:00:00Z","attempts":[]}"""
                .formatted(WH_ID);
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/test", 202, "{\"data\":" + delivery + "}");

        CliRun table = billing("webhooks", "test", WH_ID);
        CliRun json = billing("webhook", "test", WH_ID, "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("ID:              evt_test1").contains("Type:            webhook.test")
                .contains("Webhook:         " + WH_ID).contains("Status:          pending");
        assertThat(table.err()).contains("billing webhooks events show evt_test1");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out())).isEqualTo(mapper.readTree(delivery));
        assertThat(json.err()).isEmpty();
        for (FakeBillingServer.RecordedRequest request : server.requests()) {
            assertThat(request.method() + " " + request.path())
                    .isEqualTo("POST /v1/webhook-subscriptions/" + WH_ID + "/test");
            assertThat(request.body()).isEmpty();
        }
    }

    @Test
    void test_answered_without_a_body_says_it_was_sent_and_prints_nothing_under_json() {
        server.answer("POST", "/v1/webhook-subscriptions/" + WH_ID + "/test", 202, "");

        CliRun table = billing("webhooks", "test", WH_ID);
        CliRun json = billing("webhooks", "test", WH_ID, "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).isEqualTo("Sent a webhook.test event to " + WH_ID + ".\n");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).isEmpty();
    }

    @Test
    void test_on_an_inactive_endpoint_shows_the_servers_conflict() {
        server.answer("POST", "/v1/webhook-subscriptions/wh_2/test", 409, """
                {"error":{"code":"CONFLICT","message":"Webhook subscription wh_2 is inactive","details":[],
                  "requestId":"req-409"}}""");

        CliRun run = billing("webhooks", "test", "wh_2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CONFLICT (HTTP 409): Webhook subscription wh_2 is inactive");
    }

    @Test
    void a_webhook_id_with_a_slash_cannot_reach_another_endpoint() {
        billing("webhooks", "rotate-secret", "../api-keys/x", "--yes");

        assertThat(server.onlyRequest().path()).isEqualTo("/v1/webhook-subscriptions/..%2Fapi-keys%2Fx/rotate-secret");
    }
}
