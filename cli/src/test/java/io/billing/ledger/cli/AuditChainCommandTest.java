package io.billing.ledger.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code billing audit verify} and {@code billing audit head}, against a fake server. */
class AuditChainCommandTest {

    static FakeBillingServer server;
    static final String HASH = "5f05f3ebef7d55d82d2a1bbd87aaee33494ca62f1ba719338a1efbe3ebc7f452";

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
    void verify_of_an_intact_chain_prints_the_head_and_exits_0() {
        server.answer("GET", "/v1/audit/verify", 200, "{\"data\":{\"status\":\"ok\",\"headPosition\":42,"
                + "\"headHash\":\"" + HASH + "\",\"headSealedAt\":\"2026-01-01T10:00:00.000Z\",\"checkedEvents\":40}}");

        CliRun run = run("audit", "verify");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok").contains("42").contains(HASH).contains("40");
        assertThat(server.onlyRequest().header("Authorization")).isEqualTo("Bearer blk_test");
    }

    @Test
    void verify_of_a_broken_chain_names_the_position_and_reason_and_exits_1() {
        server.answer("GET", "/v1/audit/verify", 200, "{\"data\":{\"status\":\"broken\",\"position\":17,"
                + "\"reason\":\"event_removed\",\"sealedHash\":\"" + HASH + "\",\"checkedEvents\":16}}");

        CliRun run = run("audit", "verify");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("broken").contains("17").contains("event_removed");
        assertThat(run.err()).contains("broken at position 17 (event_removed)");
    }

    @Test
    void verify_as_json_prints_the_answer_and_keeps_the_exit_code() {
        server.answer("GET", "/v1/audit/verify", 200, "{\"data\":{\"status\":\"broken\",\"position\":17,"
                + "\"reason\":\"event_changed\",\"checkedEvents\":16}}");

        CliRun run = run("audit", "verify", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"reason\" : \"event_changed\"");
    }

    @Test
    void head_prints_position_hash_and_time() {
        server.answer("GET", "/v1/audit/head", 200, "{\"data\":{\"position\":42,\"hash\":\"" + HASH + "\","
                + "\"sealedAt\":\"2026-01-01T10:00:00.123Z\"}}");

        CliRun run = run("audit", "head");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("42").contains(HASH).contains("2026-01-01T10:00:00.123Z");
    }

    @Test
    void a_key_without_admin_gets_the_servers_refusal_and_exit_1() {
        server.answer("GET", "/v1/audit/verify", 403, "{\"error\":{\"code\":\"FORBIDDEN\","
                + "\"message\":\"This API key lacks the admin scope\"}}");

        CliRun run = run("audit", "verify");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("FORBIDDEN");
    }

    private static CliRun run(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "blk_test"), args);
    }
}
