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

class PaymentsCommandTest {

    static final String PAY_ID = "pay_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String INV_ID = "inv_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String SUCCEEDED = """
            {"id":"%s","invoiceId":"%s","customerId":"%s","amountCents":2900,"currency":"usd",
             "status":"succeeded","stripePaymentIntentId":"pi_3Nx","failureCode":null,"declineCode":null,
             "failureMessage":null,"failureKind":null,"attemptCount":1,"amountRefundedCents":1000,
             "nextAction":null,"createdAt":"2026-02-15T00:00:01Z","updatedAt":"2026-02-16T09:00:00Z"}"""
            .formatted(PAY_ID, INV_ID, CUSTOMER_ID);
    static final String DECLINED = """
            {"id":"pay_2","invoiceId":"%s","customerId":"%s","amountCents":500000,"currency":"jpy",
             "status":"failed","stripePaymentIntentId":"pi_4Ab","failureCode":"card_declined",
             "declineCode":"insufficient_funds","failureMessage":"Your card has insufficient funds.",
             "failureKind":"soft","attemptCount":2,"amountRefundedCents":0,"nextAction":null,
             "createdAt":"2026-02-15T00:00:02Z","updatedAt":"2026-02-15T00:00:03Z"}""".formatted(INV_ID, CUSTOMER_ID);
    static final String ACTION_REQUIRED = """
            {"id":"pay_3","invoiceId":"%s","customerId":"%s","amountCents":2900,"currency":"eur",
             "status":"pending","stripePaymentIntentId":"pi_5Cd","failureCode":"authentication_required",
             "declineCode":"authentication_required","failureMessage":"This payment requires authentication.",
             "failureKind":"action_required","attemptCount":1,"amountRefundedCents":0,
             "nextAction":"https://hooks.stripe.com/3d_secure_2/authenticate/pi_5Cd",
             "createdAt":"2026-02-15T00:00:02Z","updatedAt":"2026-02-15T00:00:03Z"}"""
            .formatted(INV_ID, CUSTOMER_ID);

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

    @Test
    void list_sends_every_filter_and_the_paging_and_prints_amounts_and_stripes_codes() {
        server.answer("GET", "/v1/payments", 200, "{\"data\":[" + SUCCEEDED + "," + DECLINED + "],"
                + "\"meta\":{\"page\":2,\"pageSize\":2,\"totalCount\":4,\"totalPages\":2}}");

        CliRun run = billing("payments", "list", "--invoice", INV_ID, "--customer", CUSTOMER_ID, "--status", "failed",
                "--page", "2", "--page-size", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.query()).isEqualTo("invoiceId=" + INV_ID + "&customerId=" + CUSTOMER_ID
                + "&status=failed&page=2&pageSize=2");
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(request.header("User-Agent")).startsWith("billing-cli/");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("INVOICE").contains("STATUS").contains("CENTS")
                .contains("AMOUNT").contains("REFUNDED").contains("ATTEMPTS").contains("FAILURE").contains("KIND");
        assertThat(lines[1]).startsWith(PAY_ID).contains("succeeded").contains("2900").contains("29.00 USD")
                .contains("10.00 USD");
        assertThat(lines[1].indexOf("10.00 USD")).isEqualTo(lines[0].indexOf("REFUNDED"));
        // A yen amount has no minor digits; the decline shows Stripe's code and the issuer's reason.
        assertThat(lines[2]).startsWith("pay_2").contains("500000 JPY").contains("card_declined/insufficient_funds")
                .contains("soft");
        assertThat(run.out()).contains("Page 2 of 2 (4 total)");
    }

    @Test
    void list_as_json_prints_the_page_of_payments() throws Exception {
        server.answer("GET", "/v1/payments", 200, "{\"data\":[" + DECLINED + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun formatJson = billing("payments", "list", "--format", "json");
        CliRun json = billing("--json", "payment", "list");

        assertThat(formatJson.exitCode()).as(formatJson.err()).isZero();
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::query).containsOnlyNulls();
        JsonNode printed = mapper.readTree(formatJson.out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed.get(0)).isEqualTo(mapper.readTree(DECLINED));
        assertThat(json.out()).isEqualTo(formatJson.out());
    }

    @Test
    void an_unknown_status_or_refund_reason_lists_the_valid_ones_and_sends_nothing() {
        CliRun status = billing("payments", "list", "--status", "paid");
        CliRun reason = billing("payments", "refund", PAY_ID, "--yes", "--reason", "changed_mind");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("'paid' is not one of pending, succeeded, failed, refunded, disputed");
        assertThat(reason.exitCode()).isEqualTo(2);
        assertThat(reason.err()).contains("'changed_mind' is not one of requested_by_customer, duplicate, fraudulent");
        for (CliRun run : new CliRun[]{status, reason}) {
            assertThat(run.err()).doesNotContain("java.").doesNotContain("Exception").doesNotContain("RefundReason")
                    .doesNotContain("Status");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void show_prints_the_payment_with_its_failure_and_the_customers_next_action() {
        server.answer("GET", "/v1/payments/pay_3", 200, "{\"data\":" + ACTION_REQUIRED + "}");

        CliRun run = billing("payments", "show", "pay_3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().path()).isEqualTo("/v1/payments/pay_3");
        assertThat(run.out())
                .contains("ID:              pay_3")
                .contains("Invoice:         " + INV_ID)
                .contains("Status:          pending")
                .contains("Amount:          2900 (29.00 EUR)")
                .contains("Amount refunded: 0 (0.00 EUR)")
                .contains("Attempts:        1")
                .contains("Failure code:    authentication_required")
                .contains("Failure kind:    action_required")
                .contains("Failure message: This payment requires authentication.")
                .contains("Next action:     https://hooks.stripe.com/3d_secure_2/authenticate/pi_5Cd")
                .contains("Payment intent:  pi_5Cd");
    }

    @Test
    void show_as_json_prints_the_payment_and_get_and_the_singular_are_aliases() throws Exception {
        server.answer("GET", "/v1/payments/" + PAY_ID, 200, "{\"data\":" + SUCCEEDED + "}");

        CliRun json = billing("payments", "show", PAY_ID, "--json");
        CliRun table = billing("payment", "get", PAY_ID);

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(mapper.readTree(json.out())).isEqualTo(mapper.readTree(SUCCEEDED));
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Failure code:    -").contains("Next action:     -");
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::path)
                .containsExactly("/v1/payments/" + PAY_ID, "/v1/payments/" + PAY_ID);
    }

    @Test
    void history_prints_the_payments_audit_trail() {
        server.answer("GET", "/v1/payments/" + PAY_ID + "/history", 200, """
                {"data":[{"sequenceNumber":0,"type":"PaymentAttemptStarted","occurredAt":"2026-02-15T00:00:01Z",
                          "actor":"system:payment-saga","requestId":null,"payload":{"attempt":1}},
                         {"sequenceNumber":1,"type":"PaymentSucceeded","occurredAt":"2026-02-15T00:00:02Z",
                          "actor":"system:payment-saga","requestId":null,"payload":{"amountCents":2900}}]}""");

        CliRun run = billing("payments", "history", PAY_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("SEQ").contains("TYPE").contains("ACTOR").contains("PAYLOAD");
        assertThat(lines[1]).contains("PaymentAttemptStarted").contains("system:payment-saga");
        assertThat(lines[2]).contains("PaymentSucceeded").contains("{\"amountCents\":2900}");
    }

    @Test
    void refund_with_yes_posts_amount_and_reason_at_once_without_asking() throws Exception {
        server.answer("POST", "/v1/payments/" + PAY_ID + "/refunds", 200, "{\"data\":" + SUCCEEDED + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("n");

        CliRun run = billingAt(terminal, "payments", "refund", PAY_ID, "--amount-cents", "1000", "--reason",
                "duplicate", "--yes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).isEmpty();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(mapper.readTree(request.body()))
                .isEqualTo(mapper.readTree("{\"amountCents\":1000,\"reason\":\"duplicate\"}"));
        assertThat(run.out()).contains("Amount refunded: 1000 (10.00 USD)").contains("Status:          succeeded");
    }

    @Test
    void a_full_refund_with_y_sends_no_amount_and_prints_the_refunded_payment_as_json() throws Exception {
        String refunded = SUCCEEDED.replace("\"amountRefundedCents\":1000", "\"amountRefundedCents\":2900")
                .replace("\"status\":\"succeeded\"", "\"status\":\"refunded\"");
        server.answer("POST", "/v1/payments/" + PAY_ID + "/refunds", 200, "{\"data\":" + refunded + "}");

        CliRun run = billing("--json", "payments", "refund", PAY_ID, "-y");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().body()).isEqualTo("{}");
        assertThat(mapper.readTree(run.out()).get("status").asText()).isEqualTo("refunded");
    }

    @Test
    void without_a_terminal_and_without_yes_a_refund_is_refused_before_anything_is_sent() throws Exception {
        CliRun table = billing("payments", "refund", PAY_ID);
        CliRun json = billing("payments", "refund", PAY_ID, "--format", "json");

        assertThat(table.exitCode()).isEqualTo(2);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("must be confirmed").contains("no terminal").contains("--yes")
                .contains("billing payments refund --help");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode error = mapper.readTree(json.err()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("USAGE_ERROR");
        assertThat(error.get("message").asText()).contains("--yes");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void in_this_test_jvm_which_has_no_terminal_the_real_console_refuses_too_instead_of_waiting() {
        // The guard CI relies on: the process's own console, not a scripted one.
        assumeFalse(Prompt.console().available(), "run from a terminal: nothing to prove here");

        CliRun run = CliRun.of(env(), "payments", "refund", PAY_ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--yes");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void at_a_terminal_a_refund_names_what_is_left_and_goes_ahead_on_yes() throws Exception {
        server.answer("GET", "/v1/payments/" + PAY_ID, 200, "{\"data\":" + SUCCEEDED + "}");
        server.answer("POST", "/v1/payments/" + PAY_ID + "/refunds", 200, "{\"data\":" + SUCCEEDED + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering(" Yes ");

        CliRun run = billingAt(terminal, "payments", "refund", PAY_ID, "--reason", "requested_by_customer");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // 2900 paid, 1000 already refunded: 19.00 USD can still go back.
        assertThat(terminal.questions()).containsExactly("Refund all 19.00 USD left on payment " + PAY_ID
                + " (invoice " + INV_ID + ", customer " + CUSTOMER_ID + ")? [y/N] ");
        assertThat(server.requests()).extracting(request -> request.method() + " " + request.path()).containsExactly(
                "GET /v1/payments/" + PAY_ID, "POST /v1/payments/" + PAY_ID + "/refunds");
        assertThat(mapper.readTree(server.requests().get(1).body()))
                .isEqualTo(mapper.readTree("{\"reason\":\"requested_by_customer\"}"));
    }

    @Test
    void a_partial_refund_names_its_amount_in_the_question() {
        server.answer("GET", "/v1/payments/" + PAY_ID, 200, "{\"data\":" + SUCCEEDED + "}");
        server.answer("POST", "/v1/payments/" + PAY_ID + "/refunds", 200, "{\"data\":" + SUCCEEDED + "}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("y");

        CliRun run = billingAt(terminal, "payments", "refund", PAY_ID, "--amount-cents", "550");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.questions()).singleElement().asString()
                .startsWith("Refund 5.50 USD of the 19.00 USD left on payment " + PAY_ID);
        assertThat(server.requests().get(1).body()).isEqualTo("{\"amountCents\":550}");
    }

    @Test
    void anything_but_yes_at_the_prompt_refunds_nothing() {
        server.answer("GET", "/v1/payments/" + PAY_ID, 200, "{\"data\":" + SUCCEEDED + "}");

        for (String answer : new String[]{"n", "", "yess", null}) {
            server.reset();
            server.answer("GET", "/v1/payments/" + PAY_ID, 200, "{\"data\":" + SUCCEEDED + "}");

            CliRun run = billingAt(ScriptedPrompt.answering(answer), "payments", "refund", PAY_ID);

            assertThat(run.exitCode()).as("answer %s", answer).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("Refund not confirmed: nothing was refunded.");
            assertThat(server.onlyRequest().method()).isEqualTo("GET");
        }
    }

    @Test
    void refunding_more_than_is_left_prints_the_servers_validation_error() throws Exception {
        server.answer("POST", "/v1/payments/" + PAY_ID + "/refunds", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"At most 1900 can still be refunded",
                  "details":[{"field":"amountCents","message":"At most 1900 can still be refunded",
                              "code":"exceeds_refundable"}],
                  "requestId":"req-refund"}}""");

        CliRun table = billing("payments", "refund", PAY_ID, "--amount-cents", "5000", "--yes");
        CliRun json = billing("payments", "refund", PAY_ID, "--amount-cents", "5000", "--yes", "--format", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("VALIDATION_ERROR (HTTP 400): At most 1900 can still be refunded")
                .contains("amountCents: At most 1900 can still be refunded [exceeds_refundable]")
                .contains("request id: req-refund");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        JsonNode error = mapper.readTree(json.err()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("details").get(0).get("field").asText()).isEqualTo("amountCents");
        assertThat(error.get("requestId").asText()).isEqualTo("req-refund");
    }

    @Test
    void refunding_a_failed_payment_shows_the_conflict_and_its_status() {
        server.answer("POST", "/v1/payments/pay_2/refunds", 409, """
                {"error":{"code":"CONFLICT","message":"Cannot refund payment pay_2: it is failed","details":[],
                  "requestId":"req-409","currentStatus":"failed","allowedTransitions":[]}}""");

        CliRun run = billing("payments", "refund", "pay_2", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CONFLICT (HTTP 409): Cannot refund payment pay_2: it is failed")
                .contains("current status: failed");
    }

    @Test
    void an_unknown_payment_at_the_prompt_is_reported_and_nothing_is_asked() {
        server.answer("GET", "/v1/payments/pay_nope", 404,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Payment pay_nope not found\",\"requestId\":\"r\"}}");
        ScriptedPrompt terminal = ScriptedPrompt.answering("y");

        CliRun run = billingAt(terminal, "payments", "refund", "pay_nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("NOT_FOUND (HTTP 404): Payment pay_nope not found");
        assertThat(terminal.questions()).isEmpty();
        assertThat(server.onlyRequest().method()).isEqualTo("GET");
    }

    @Test
    void a_payment_id_with_a_slash_cannot_reach_another_endpoint() {
        billing("payments", "refund", "../invoices/x", "--yes");

        assertThat(server.onlyRequest().path()).isEqualTo("/v1/payments/..%2Finvoices%2Fx/refunds");
    }
}
