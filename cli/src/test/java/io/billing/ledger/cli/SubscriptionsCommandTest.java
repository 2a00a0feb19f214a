package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionsCommandTest {

    static final String SUB_ID = "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String PLAN_ID = "plan_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String OTHER_PLAN_ID = "plan_11111111-2222-3333-4444-555555555555";
    static final String SUBSCRIPTION = """
            {"id":"%s","customerId":"%s","planId":"%s","status":"active","pricingModel":"flat_rate",
             "unitAmountCents":2900,"currency":"usd","billingInterval":"month","quantity":3,"billingAnchorDay":15,
             "currentPeriodStart":"2026-01-15T00:00:00Z","currentPeriodEnd":"2026-02-15T00:00:00Z",
             "trialStart":null,"trialEnd":null,"cancelAtPeriodEnd":false,"canceledAt":null,
             "cancellationReason":null,"pausedAt":null,"nextRenewalAt":"2026-02-15T00:00:00Z","testClockId":null,
             "pendingProrationLines":[],"metadata":{"crm":"42"},"createdAt":"2026-01-15T00:00:00Z",
             "updatedAt":"2026-01-15T00:00:00Z","version":0}""".formatted(SUB_ID, CUSTOMER_ID, PLAN_ID);

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
    void create_posts_customer_plan_quantity_anchor_and_metadata() throws Exception {
        server.answer("POST", "/v1/subscriptions", 201, "{\"data\":" + SUBSCRIPTION + "}");

        CliRun run = billing("subscriptions", "create", "--customer", CUSTOMER_ID, "--plan", PLAN_ID,
                "--quantity", "3", "--billing-anchor-day", "15", "--metadata", "crm=42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"customerId":"%s","planId":"%s","billingAnchorDay":15,"quantity":3,"metadata":{"crm":"42"}}"""
                .formatted(CUSTOMER_ID, PLAN_ID)));
        assertThat(run.out())
                .contains(SUB_ID)
                .contains("Unit amount:          2900 (29.00 USD)")
                .contains("Current period:       2026-01-15T00:00:00Z to 2026-02-15T00:00:00Z")
                .contains("Trial:                -")
                .contains("Pending lines:        0");
    }

    @Test
    void list_sends_the_filters_and_prints_unit_prices() {
        server.answer("GET", "/v1/subscriptions", 200, "{\"data\":[" + SUBSCRIPTION + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":5,\"totalCount\":1,\"totalPages\":1}}");

        CliRun run = billing("subscriptions", "list", "--customer", CUSTOMER_ID, "--plan", PLAN_ID,
                "--status", "past_due", "--page-size", "5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query()).isEqualTo("customerId=" + CUSTOMER_ID + "&planId=" + PLAN_ID
                + "&status=past_due&pageSize=5");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("STATUS").contains("UNIT_CENTS").contains("UNIT_AMOUNT");
        assertThat(lines[1]).contains(SUB_ID).contains("active").contains("2900").contains("29.00 USD");
        assertThat(lines[1].indexOf("29.00 USD")).isEqualTo(lines[0].indexOf("UNIT_AMOUNT"));
        assertThat(run.out()).contains("Page 1 of 1 (1 total)");
    }

    @Test
    void an_unknown_status_is_refused_before_any_request() {
        CliRun run = billing("subscriptions", "list", "--status", "expired");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--status");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void get_as_of_sends_the_instant_and_shows_pending_proration_lines() {
        String withLines = SUBSCRIPTION.replace("\"pendingProrationLines\":[]", """
                "pendingProrationLines":[{"id":null,"invoiceId":null,"type":"proration_credit",
                  "description":"Unused time on Pro","quantity":1,"unitAmountCents":-1450,"amountCents":-1450,
                  "periodStart":"2026-01-30T00:00:00Z","periodEnd":"2026-02-15T00:00:00Z","metadata":{}}]""");
        server.answer("GET", "/v1/subscriptions/" + SUB_ID, 200, "{\"data\":" + withLines + "}");

        CliRun run = billing("subscriptions", "get", SUB_ID, "--as-of", "2026-01-20T10:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).isEqualTo("asOf=2026-01-20T10%3A00%3A00Z");
        assertThat(run.out()).contains("Pending lines:        1")
                .contains("proration_credit").contains("Unused time on Pro").contains("-14.50 USD")
                .contains("2026-01-30T00:00:00.000Z");
    }

    @Test
    void cancel_sends_both_flags_and_refuses_prorate_at_period_end() throws Exception {
        server.answer("POST", "/v1/subscriptions/" + SUB_ID + "/cancel", 200, "{\"data\":"
                + SUBSCRIPTION.replace("\"cancelAtPeriodEnd\":false", "\"cancelAtPeriodEnd\":true") + "}");

        CliRun scheduled = billing("subscriptions", "cancel", SUB_ID, "--at-period-end");
        CliRun refused = billing("subscriptions", "cancel", SUB_ID, "--at-period-end", "--prorate");

        assertThat(scheduled.exitCode()).as(scheduled.err()).isZero();
        assertThat(mapper.readTree(server.onlyRequest().body()))
                .isEqualTo(mapper.readTree("{\"atPeriodEnd\":true,\"prorate\":false}"));
        assertThat(scheduled.out()).contains("Cancel at period end: true");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--prorate").contains("billing subscriptions cancel --help");
    }

    @Test
    void change_plan_sends_the_plan_quantity_and_proration_behavior_in_wire_form() throws Exception {
        server.answer("POST", "/v1/subscriptions/" + SUB_ID + "/change-plan", 200,
                "{\"data\":" + SUBSCRIPTION.replace(PLAN_ID, OTHER_PLAN_ID) + "}");

        CliRun run = billing("subscriptions", "change-plan", SUB_ID, "--plan", OTHER_PLAN_ID, "--quantity", "5",
                "--proration-behavior", "always_invoice");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mapper.readTree(server.onlyRequest().body())).isEqualTo(mapper.readTree("""
                {"planId":"%s","quantity":5,"prorationBehavior":"always_invoice"}""".formatted(OTHER_PLAN_ID)));
        assertThat(run.out()).contains(OTHER_PLAN_ID);
    }

    @Test
    void reactivate_pause_resume_and_history_use_their_paths_and_each_post_its_own_key() {
        for (String action : new String[] {"reactivate", "pause", "resume"}) {
            server.answer("POST", "/v1/subscriptions/" + SUB_ID + "/" + action, 200,
                    "{\"data\":" + SUBSCRIPTION + "}");
        }
        server.answer("GET", "/v1/subscriptions/" + SUB_ID + "/history", 200, """
                {"data":[{"eventId":"evt_1","sequenceNumber":0,"type":"SubscriptionCreated",
                  "occurredAt":"2026-01-15T00:00:00Z","actor":"key_abc","requestId":"req-1","payload":{}}]}""");

        assertThat(billing("subscriptions", "reactivate", SUB_ID).exitCode()).isZero();
        assertThat(billing("subscriptions", "pause", SUB_ID).exitCode()).isZero();
        assertThat(billing("subscriptions", "resume", SUB_ID).exitCode()).isZero();
        CliRun history = billing("subscriptions", "history", SUB_ID);

        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::path).containsExactly(
                "/v1/subscriptions/" + SUB_ID + "/reactivate", "/v1/subscriptions/" + SUB_ID + "/pause",
                "/v1/subscriptions/" + SUB_ID + "/resume", "/v1/subscriptions/" + SUB_ID + "/history");
        assertThat(server.requests().subList(0, 3)).extracting(request -> request.header("Idempotency-Key"))
                .doesNotContainNull().doesNotHaveDuplicates();
        assertThat(server.requests().get(0).body()).isEqualTo("{}");
        assertThat(history.out()).contains("SubscriptionCreated").contains("req-1");
    }

    @Test
    void a_refused_transition_shows_the_current_status_and_allowed_transitions() {
        server.answer("POST", "/v1/subscriptions/" + SUB_ID + "/resume", 409, """
                {"error":{"code":"CONFLICT","details":[],"requestId":"req-409",
                  "message":"Cannot resume subscription %s: it is active; allowed from active: past_due, paused, canceled",
                  "currentStatus":"active","allowedTransitions":["past_due","paused","canceled"]}}"""
                .formatted(SUB_ID));

        CliRun run = billing("subscriptions", "resume", SUB_ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("CONFLICT (HTTP 409): Cannot resume subscription " + SUB_ID + ": it is active")
                .contains("current status: active")
                .contains("allowed transitions: past_due, paused, canceled")
                .contains("request id: req-409");
    }
}
