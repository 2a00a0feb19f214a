package io.billing.ledger.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCommandTest {

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
    void a_healthy_server_exits_0_and_needs_no_api_key() {
        server.answer("GET", "/health", 200, "{\"status\":\"ok\",\"database\":\"connected\"}");

        CliRun run = CliRun.of(Map.of("BILLING_URL", server.url()), "health");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("status: ok, database: connected");
        assertThat(server.onlyRequest().header("Authorization")).isNull();
    }

    @Test
    void a_server_without_its_database_exits_1() {
        server.answer("GET", "/health", 503, "{\"status\":\"error\",\"database\":\"disconnected\"}");

        CliRun run = CliRun.of(Map.of("BILLING_URL", server.url()), "health");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("database: disconnected");
    }

    @Test
    void json_prints_the_body_as_is() {
        server.answer("GET", "/health", 200, "{\"status\":\"ok\",\"database\":\"connected\"}");

        CliRun run = CliRun.of(Map.of("BILLING_URL", server.url()), "health", "--json");

        assertThat(run.out()).contains("\"status\" : \"ok\"");
    }
}
