package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysCommandTest {

    static final String KEY_ID = "key_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String KEY = """
            {"id":"%s","name":"reporting","keyPrefix":"sk_live_ab","scopes":["billing:read"],
             "isRevoked":false,"expiresAt":null,"createdAt":"2025-01-02T03:04:05Z","revokedAt":null}"""
            .formatted(KEY_ID);

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
    void create_sends_scopes_in_wire_form_and_shows_the_key_once() throws Exception {
        server.answer("POST", "/v1/api-keys", 201,
                "{\"data\":" + KEY.replace("}", ",\"key\":\"sk_live_abcdef123\"}") + "}");

        CliRun run = billing("api-keys", "create", "--name", "reporting", "--scope", "billing:read,billing:write",
                "--scope", "admin", "--expires-at", "2030-01-01T00:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Idempotency-Key")).isNotBlank();
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree("""
                {"name":"reporting","scopes":["billing:read","billing:write","admin"],
                 "expiresAt":"2030-01-01T00:00:00Z"}"""));
        assertThat(run.out()).contains("Key:").contains("sk_live_abcdef123");
        assertThat(run.err()).contains("never show it again");
    }

    @Test
    void an_unknown_scope_is_a_usage_error() {
        CliRun run = billing("api-keys", "create", "--name", "x", "--scope", "billing:everything");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void list_shows_whether_each_key_still_works() {
        String revoked = KEY.replace(KEY_ID, "key_revoked").replace("\"isRevoked\":false", "\"isRevoked\":true");
        String expired = KEY.replace(KEY_ID, "key_expired")
                .replace("\"expiresAt\":null", "\"expiresAt\":\"2020-01-01T00:00:00Z\"");
        server.answer("GET", "/v1/api-keys", 200, "{\"data\":[" + KEY + "," + revoked + "," + expired + "]}");

        CliRun run = billing("api-keys", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).contains("STATUS");
        assertThat(lines[1]).contains(KEY_ID).contains("active").contains("billing:read");
        assertThat(lines[2]).contains("key_revoked").contains("revoked");
        assertThat(lines[3]).contains("key_expired").contains("expired");
    }

    @Test
    void revoke_posts_to_the_revoke_endpoint() {
        server.answer("POST", "/v1/api-keys/" + KEY_ID + "/revoke", 200,
                "{\"data\":" + KEY.replace("\"isRevoked\":false", "\"isRevoked\":true") + "}");

        CliRun run = billing("api-keys", "revoke", KEY_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isNotBlank();
        assertThat(run.out()).contains("Status:").contains("revoked");
    }
}
