package io.billing.ledger.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code billing events tail}, against a fake server that answers pages in turn. */
class EventsCommandTest {

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

    @Test
    void tail_prints_one_line_per_event_and_follows_next_after_until_caught_up() {
        server.answerInTurn("GET", "/v1/events", 200,
                page(2, event(1, "PlanCreated", "Plan", "plan_1"), event(2, "CustomerCreated", "Customer", "cust_1")),
                page(5, event(5, "SubscriptionCanceled", "Subscription", "sub_1")),
                page(5));

        CliRun run = run("events", "tail", "--page-size", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3);
        assertThat(run.out().lines().toList().get(0)).contains("1").contains("2026-01-01T10:00:00.000Z")
                .contains("PlanCreated").contains("Plan plan_1").contains("key_1");
        assertThat(run.out().lines().toList().get(2)).startsWith("5 ").contains("SubscriptionCanceled");
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::query)
                .containsExactly("after=0&limit=2", "after=2&limit=2", "after=5&limit=2");
    }

    @Test
    void follow_keeps_polling_after_catching_up_and_types_and_after_go_on_the_wire() {
        server.answerInTurn("GET", "/v1/events", 200,
                page(7),
                page(7),
                page(9, event(9, "InvoicePaid", "Invoice", "inv_1")));

        CliRun run = run("events", "tail", "--follow", "--after", "7", "--types", "InvoicePaid,SubscriptionCanceled",
                "--interval-ms", "1", "--count", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("InvoicePaid").contains("Invoice inv_1");
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests().get(0).query())
                .isEqualTo("after=7&limit=100&types=InvoicePaid%2CSubscriptionCanceled");
    }

    @Test
    void json_prints_one_object_per_line() {
        server.answerInTurn("GET", "/v1/events", 200, page(1, event(1, "PlanCreated", "Plan", "plan_1")), page(1));

        CliRun run = run("events", "tail", "--json");

        assertThat(run.out().lines().toList()).hasSize(1);
        assertThat(run.out()).startsWith("{\"position\":1,");
    }

    @Test
    void an_unknown_type_is_the_servers_400() {
        server.answer("GET", "/v1/events", 400, "{\"error\":{\"code\":\"VALIDATION_ERROR\","
                + "\"message\":\"'Nope' is not an event type\"}}");

        CliRun run = run("events", "tail", "--types", "Nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("VALIDATION_ERROR");
    }

    private static String page(long nextAfter, String... events) {
        return "{\"data\":[" + String.join(",", events) + "],\"nextAfter\":" + nextAfter + "}";
    }

    private static String event(long position, String type, String resourceType, String resourceId) {
        return "{\"position\":" + position + ",\"id\":\"evt_" + position + "\",\"type\":\"" + type + "\","
                + "\"resourceType\":\"" + resourceType + "\",\"resourceId\":\"" + resourceId + "\","
                + "\"actor\":\"key_1\",\"createdAt\":\"2026-01-01T10:00:00.000Z\",\"clockTime\":null,\"payload\":{}}";
    }

    private static CliRun run(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "blk_test"), args);
    }
}
