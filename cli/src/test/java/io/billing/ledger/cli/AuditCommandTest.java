package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCommandTest {

    static final String SUB = "sub_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CANCELED = """
            {"id":"0f0e1d2c-aaaa-bbbb-cccc-111122223333","actor":"cli:key_11111111-2222-3333-4444-555555555555",
             "action":"subscription.canceled","resourceType":"Subscription","resourceId":"%s",
             "before":{"id":"%s","status":"active","quantity":1,"updatedAt":"2026-01-01T00:00:00.000Z"},
             "after":{"id":"%s","status":"canceled","quantity":1,"updatedAt":"2026-01-02T00:00:00.000Z"},
             "metadata":{"requestId":"req_1","correlationId":"c1","position":42,"clockTime":null},
             "createdAt":"2026-01-02T00:00:00.000Z"}""".formatted(SUB, SUB, SUB);
    static final String CREATED = """
            {"id":"0f0e1d2c-aaaa-bbbb-cccc-000000000000","actor":"key_11111111-2222-3333-4444-555555555555",
             "action":"subscription.created","resourceType":"Subscription","resourceId":"%s",
             "before":null,"after":{"id":"%s","status":"active"},
             "metadata":{"requestId":"req_0","correlationId":"c0","position":7,"clockTime":null},
             "createdAt":"2026-01-01T00:00:00.000Z"}""".formatted(SUB, SUB);
    static final String PAGE = "{\"data\":[" + CANCELED + "," + CREATED + "],"
            + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":2,\"totalPages\":1}}";

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
    void query_sends_every_filter_and_prints_who_did_what_with_the_fields_it_changed() {
        server.answer("GET", "/v1/audit", 200, PAGE);

        CliRun run = billing("audit", "query", "--resource-type", "Subscription", "--resource-id", SUB,
                "--actor", "cli:key_11111111-2222-3333-4444-555555555555", "--action", "subscription.canceled",
                "--from", "2026-01-01T00:00:00Z", "--to", "2026-02-01T00:00:00Z", "--page", "1", "--page-size", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
        assertThat(request.query()).isEqualTo("resourceType=Subscription&resourceId=" + SUB
                + "&actor=cli%3Akey_11111111-2222-3333-4444-555555555555&action=subscription.canceled"
                + "&from=2026-01-01T00%3A00%3A00Z&to=2026-02-01T00%3A00%3A00Z&page=1&pageSize=20");
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("CREATED_AT").contains("ACTOR").contains("ACTION").contains("RESOURCE_ID")
                .contains("CHANGED").contains("POSITION");
        assertThat(lines[1]).contains("cli:key_11111111").contains("subscription.canceled").contains(SUB)
                .contains("status").doesNotContain("updatedAt").contains("42").contains("req_1");
        assertThat(lines[2]).contains("subscription.created").contains("(created)").contains("7");
        assertThat(run.out()).contains("Page 1 of 1 (2 total)");
    }

    @Test
    void query_without_filters_sends_none_and_json_prints_the_entries_whole() throws Exception {
        server.answer("GET", "/v1/audit", 200, PAGE);

        CliRun run = billing("--format", "json", "audit", "query");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).isNullOrEmpty();
        JsonNode printed = mapper.readTree(run.out());
        JsonNode entries = printed.isArray() ? printed : printed.path("data");
        assertThat(entries.get(0).path("after").path("status").asText()).isEqualTo("canceled");
        assertThat(entries.get(1).path("before").isNull()).isTrue();
    }

    @Test
    void a_refused_query_prints_the_servers_message_and_exits_non_zero() {
        server.answer("GET", "/v1/audit", 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"resourceType must be one of Plan, Customer",
                 "details":[]}}""");

        CliRun run = billing("audit", "query", "--resource-type", "Widget");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("resourceType must be one of");
    }

    @Test
    void a_malformed_time_is_refused_before_any_request() {
        CliRun run = billing("audit", "query", "--from", "yesterday");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("ISO-8601");
        assertThat(server.requests()).isEmpty();
    }
}
