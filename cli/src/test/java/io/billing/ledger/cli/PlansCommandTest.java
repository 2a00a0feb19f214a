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

class PlansCommandTest {

    static final String PLAN_ID = "plan_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String PLAN = """
            {"id":"%s","name":"Pro","description":"For teams","pricingModel":"flat_rate",
             "amountCents":2900,"currency":"usd","billingInterval":"month","trialPeriodDays":14,
             "status":"active","metadata":{"tier":"gold"},"createdAt":"2025-01-02T03:04:05Z",
             "updatedAt":"2025-01-02T03:04:05Z","version":0}""".formatted(PLAN_ID);

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
    void create_posts_the_plan_with_auth_and_a_fresh_idempotency_key() throws Exception {
        server.answer("POST", "/v1/plans", 201, "{\"data\":" + PLAN + "}");

        CliRun run = billing("plans", "create", "--name", "Pro", "--description", "For teams",
                "--pricing-model", "flat_rate", "--amount-cents", "2900", "--currency", "USD",
                "--interval", "month", "--trial-days", "14", "--metadata", "tier=gold");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/plans");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"name":"Pro","description":"For teams","pricingModel":"flat_rate","amountCents":2900,
                 "currency":"usd","billingInterval":"month","trialPeriodDays":14,"metadata":{"tier":"gold"}}"""));
        assertThat(run.out())
                .contains("ID:            " + PLAN_ID)
                .contains("Amount:        2900 (29.00 USD)")
                .contains("Metadata:      {\"tier\":\"gold\"}");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void every_post_gets_its_own_idempotency_key() {
        server.answer("POST", "/v1/plans/" + PLAN_ID + "/archive", 200, "{\"data\":" + PLAN + "}");

        billing("plans", "archive", PLAN_ID);
        billing("plans", "archive", PLAN_ID);

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Idempotency-Key"))
                .isNotBlank()
                .isNotEqualTo(server.requests().get(1).header("Idempotency-Key"));
    }

    @Test
    void list_sends_filters_and_prints_an_aligned_table_with_amounts() {
        String other = PLAN.replace(PLAN_ID, "plan_11111111-2222-3333-4444-555555555555")
                .replace("\"Pro\"", "\"Enterprise yearly\"").replace("2900", "1200000")
                .replace("\"month\"", "\"year\"");
        server.answer("GET", "/v1/plans", 200, "{\"data\":[" + PLAN + "," + other + "],"
                + "\"meta\":{\"page\":2,\"pageSize\":2,\"totalCount\":5,\"totalPages\":3}}");

        CliRun run = billing("plans", "list", "--status", "active", "--page", "2", "--page-size", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query()).isEqualTo("status=active&page=2&pageSize=2");
        assertThat(request.header("Idempotency-Key")).isNull();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("NAME").contains("CENTS").contains("AMOUNT");
        assertThat(lines[1]).contains("Pro").contains("2900").contains("29.00 USD").contains("month");
        assertThat(lines[2]).contains("Enterprise yearly").contains("1200000").contains("12000.00 USD");
        // Aligned: every row's NAME column starts where the header's does.
        int nameColumn = lines[0].indexOf("NAME");
        assertThat(lines[1].indexOf("Pro")).isEqualTo(nameColumn);
        assertThat(lines[2].indexOf("Enterprise")).isEqualTo(nameColumn);
        assertThat(lines[1].indexOf("29.00 USD")).isEqualTo(lines[0].indexOf("AMOUNT"));
        assertThat(run.out()).contains("Page 2 of 3 (5 total)");
    }

    @Test
    void json_prints_only_the_data_and_works_before_or_after_the_subcommand() throws Exception {
        server.answer("GET", "/v1/plans/" + PLAN_ID, 200, "{\"data\":" + PLAN + "}");

        CliRun after = billing("plans", "get", PLAN_ID, "--json");
        CliRun before = billing("--json", "plans", "get", PLAN_ID);

        assertThat(after.exitCode()).isZero();
        JsonNode printed = mapper.readTree(after.out());
        assertThat(printed).isEqualTo(mapper.readTree(PLAN));
        assertThat(mapper.readTree(before.out())).isEqualTo(printed);
    }

    @Test
    void get_as_of_asks_for_the_plan_as_it_was_then() {
        server.answer("GET", "/v1/plans/" + PLAN_ID, 200, "{\"data\":" + PLAN + "}");

        CliRun run = billing("plans", "get", PLAN_ID, "--as-of", "2026-01-20T10:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).startsWith("asOf=2026-01-20T10").contains("00Z"); // URL-encoded
    }

    @Test
    void update_patches_only_the_given_fields_without_an_idempotency_key() throws Exception {
        server.answer("PATCH", "/v1/plans/" + PLAN_ID, 200, "{\"data\":" + PLAN + "}");

        CliRun run = billing("plans", "update", PLAN_ID, "--name", "Pro 2", "--trial-days", "7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("{\"name\":\"Pro 2\",\"trialPeriodDays\":7}"));
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
    }

    @Test
    void update_without_any_change_is_a_usage_error_and_sends_nothing() {
        CliRun run = billing("plans", "update", PLAN_ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Nothing to update").contains("billing plans update --help");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void an_unknown_pricing_model_is_refused_before_any_request() {
        CliRun run = billing("plans", "create", "--name", "X", "--pricing-model", "tiered", "--amount-cents", "1",
                "--interval", "month");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pricing-model");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void history_prints_one_row_per_event() {
        server.answer("GET", "/v1/plans/" + PLAN_ID + "/history", 200, """
                {"data":[{"eventId":"evt_1","sequenceNumber":0,"type":"PlanCreated",
                  "occurredAt":"2025-01-02T03:04:05Z","actor":"key_abc","requestId":"req-1",
                  "payload":{"name":"Pro"}},
                 {"eventId":"evt_2","sequenceNumber":1,"type":"PlanArchived",
                  "occurredAt":"2025-02-02T03:04:05Z","actor":"key_abc","requestId":"req-2","payload":{}}]}""");

        CliRun run = billing("plans", "history", PLAN_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().split("\n")).hasSize(3);
        assertThat(run.out()).contains("PlanCreated").contains("req-1").contains("{\"name\":\"Pro\"}")
                .contains("PlanArchived");
    }
}
