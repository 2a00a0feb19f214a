package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** API keys: shown once, stored as hashes, scoped, and revocable with immediate effect. */
class ApiKeyAuthenticationEndToEndTest extends EndToEndTest {

    @Test
    void a_request_without_a_key_is_401() {
        Api.Response response = new Api(port, null).get("/v1/plans");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("AUTHENTICATION_ERROR");
    }

    @Test
    void an_unknown_key_is_401() {
        assertThat(api().as("blk_not_a_real_key_0000000000000000").get("/v1/plans").status()).isEqualTo(401);
    }

    @Test
    void scopes_keep_the_order_given_each_once_and_a_null_scope_is_a_400() {
        Api.Response created = api().post("/v1/api-keys",
                "{\"name\":\"ordered\",\"scopes\":[\"billing:write\",\"billing:read\",\"billing:write\"]}");
        String id = created.data().get("id").asText();

        assertThat(created.data().get("scopes").toString()).isEqualTo("[\"billing:write\",\"billing:read\"]");
        assertThat(api().get("/v1/api-keys/" + id).data().get("scopes").toString())
                .isEqualTo("[\"billing:write\",\"billing:read\"]");
        assertThat(api().post("/v1/api-keys", "{\"name\":\"n\",\"scopes\":[\"admin\",null]}").status())
                .isEqualTo(400);
    }

    @Test
    void a_created_key_is_shown_once_and_stored_only_as_a_hash() {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"reporting\",\"scopes\":[\"billing:read\"]}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.data().get("key").asText();
        String id = created.data().get("id").asText();
        assertThat(key).startsWith("blk_").hasSizeGreaterThan(40);
        assertThat(created.data().get("keyPrefix").asText()).isEqualTo(key.substring(0, 8));

        JsonNode listed = api().get("/v1/api-keys/" + id).data();
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.toString()).doesNotContain(key);
        Long rawKeyStored = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE position(convert_to(?, 'UTF8') IN payload) > 0""",
                Long.class, key);
        assertThat(rawKeyStored).isZero();
        assertThat(jdbc.queryForObject("SELECT key_hash FROM api_key_credentials WHERE api_key_id = ?",
                String.class, id)).hasSize(64).isNotEqualTo(key);

        assertThat(api().as(key).get("/v1/plans").status()).isEqualTo(200);
    }

    @Test
    void a_read_only_key_may_read_but_not_write() {
        String key = createKey("{\"name\":\"reader\",\"scopes\":[\"billing:read\"]}");

        assertThat(api().as(key).get("/v1/plans").status()).isEqualTo(200);
        Api.Response write = api().as(key).post("/v1/customers", "{\"name\":\"X\",\"email\":\"x@example.com\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void a_write_key_may_not_manage_keys() {
        String key = createKey("{\"name\":\"writer\",\"scopes\":[\"billing:read\",\"billing:write\"]}");

        assertThat(api().as(key).post("/v1/customers", "{\"name\":\"X\",\"email\":\"x@example.com\"}").status())
                .isEqualTo(201);
        assertThat(api().as(key).get("/v1/api-keys").status()).isEqualTo(403);
        assertThat(api().as(key).post("/v1/api-keys", "{\"name\":\"escalate\",\"scopes\":[\"admin\"]}").status())
                .isEqualTo(403);
    }

    @Test
    void a_revoked_key_is_refused_from_the_next_request_on() {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"leaked\",\"scopes\":[\"billing:read\"]}");
        String key = created.data().get("key").asText();
        assertThat(api().as(key).get("/v1/plans").status()).isEqualTo(200);

        Api.Response revoked = api().post("/v1/api-keys/" + created.data().get("id").asText() + "/revoke", null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.data().get("isRevoked").asBoolean()).isTrue();

        assertThat(api().as(key).get("/v1/plans").status()).isEqualTo(401);
        assertThat(api().post("/v1/api-keys/" + created.data().get("id").asText() + "/revoke", null).status())
                .isEqualTo(409);
    }

    @Test
    void an_expired_key_is_refused() {
        Instant expiresAt = Instant.now().plusSeconds(2);
        String key = createKey("{\"name\":\"short-lived\",\"scopes\":[\"billing:read\"],\"expiresAt\":\""
                + expiresAt + "\"}");
        assertThat(api().as(key).get("/v1/plans").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().as(key).get("/v1/plans").status() == 401);
    }

    @Test
    void a_key_with_an_unknown_scope_is_refused_with_400() {
        Api.Response response = api().post("/v1/api-keys", "{\"name\":\"bad\",\"scopes\":[\"billing:everything\"]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.raw()).contains("billing:read");
    }

    private String createKey(String body) {
        Api.Response created = api().post("/v1/api-keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("key").asText();
    }
}
