package io.billing.ledger.server.security;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue 8 §1: paths that Spring MVC routes to the API-key or admin handlers
 * but that the old URI-prefix check read as ordinary billing paths. Each is now refused by
 * the firewall with a 400 in the envelope, and changes nothing.
 */
class PathAmbiguityEndToEndTest extends EndToEndTest {

    private static final String CREATE_ADMIN_KEY = "{\"name\":\"escalated\",\"scopes\":[\"admin\"]}";

    private String readWriteKey;
    private String readKey;
    private String writeKey;

    @BeforeEach
    void keys() {
        if (readWriteKey == null) {
            readWriteKey = key("billing:read\",\"billing:write");
            readKey = key("billing:read");
            writeKey = key("billing:write");
        }
    }

    @ParameterizedTest(name = "POST {0}")
    @ValueSource(strings = {"/v1/%61pi-keys", "/v1;x/api-keys", "/%761/api-keys", "/v1/api%2dkeys",
            "/v1/api-key%73", "/v1/a%70i-keys", "/v1/api-keys;x", "/v1/API-KEYS/../api-keys", "/v1/./api-keys",
            "//v1/api-keys", "/v1//api-keys", "/v1/%2e/api-keys", "/v1/%2E%2E/v1/api-keys", "/v1%2fapi-keys",
            "/v1/api-keys%00", "/v1/api-keys%2500", "/v1/api-keys%5c", "/v1/api%252dkeys", "/v1/%7Eapi-keys"})
    void a_read_write_key_cannot_create_an_admin_key_through_an_ambiguous_path(String path) {
        long keysBefore = apiKeyCount();

        RawHttp.Response response = RawHttp.send(port, "POST", path, readWriteKey, CREATE_ADMIN_KEY);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).as(response.toString()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.body().path("error").path("requestId").asText()).isNotBlank();
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(apiKeyCount()).isEqualTo(keysBefore);
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/v1/%61pi-keys", "/v1/%61dmin/projections", "/v1/admin;x/projections",
            "/v1/a%64min/projections"})
    void a_read_key_cannot_list_keys_or_read_admin_endpoints_through_an_ambiguous_path(String path) {
        RawHttp.Response response = RawHttp.send(port, "GET", path, readKey, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.raw()).doesNotContain("key_");
    }

    @Test
    void a_write_key_cannot_start_a_replay_through_an_ambiguous_path() {
        RawHttp.Response response = RawHttp.send(port, "POST", "/v1/%61dmin/projections/plan-catalog/replay",
                writeKey, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void the_plain_paths_still_answer_by_scope() {
        assertThat(RawHttp.send(port, "POST", "/v1/api-keys", readWriteKey, CREATE_ADMIN_KEY).status()).isEqualTo(403);
        assertThat(RawHttp.send(port, "GET", "/v1/api-keys", readKey, null).status()).isEqualTo(403);
        assertThat(RawHttp.send(port, "GET", "/v1/admin/projections", readKey, null).status()).isEqualTo(403);
        assertThat(RawHttp.send(port, "GET", "/v1/plans", readKey, null).status()).isEqualTo(200);
        // encoding outside the path (a query value) is ordinary and stays allowed
        assertThat(RawHttp.send(port, "GET", "/v1/customers?email=a%40b.co", readKey, null).status()).isEqualTo(200);
    }

    private String key(String scopes) {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"k\",\"scopes\":[\"" + scopes + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("key").asText();
    }

    private long apiKeyCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM api_key_credentials", Long.class);
        return count == null ? 0 : count;
    }
}
