package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An API key's lastUsedAt: telemetry written after the request, at most once a minute per key,
 * into its own table; never an event, so a refused request appends nothing.
 */
class ApiKeyLastUsedEndToEndTest extends EndToEndTest {

    @Test
    void a_request_with_a_key_sets_last_used_at_and_a_second_within_the_minute_does_not_rewrite_it() {
        JsonNode created = api().post("/v1/api-keys", "{\"name\":\"reader\",\"scopes\":[\"billing:read\"]}").data();
        String id = created.get("id").asText();
        Api reader = api().as(created.get("key").asText());
        assertThat(created.get("lastUsedAt").isNull()).isTrue();
        long events = eventCount();

        assertThat(reader.get("/v1/plans").status()).isEqualTo(200);
        Map<String, Object> first = awaitRow(id);
        assertThat(reader.get("/v1/plans").status()).isEqualTo(200);
        // one writer thread, in order: once a later key's use is written, a rewrite of the first would have been
        JsonNode other = api().post("/v1/api-keys", "{\"name\":\"other\",\"scopes\":[\"billing:read\"]}").data();
        assertThat(api().as(other.get("key").asText()).get("/v1/plans").status()).isEqualTo(200);
        awaitRow(other.get("id").asText());

        assertThat(row(id)).as("the same row version and time: not rewritten within the minute").isEqualTo(first);
        JsonNode view = api().get("/v1/api-keys/" + id).data();
        assertThat(view.get("lastUsedAt").asText()).isEqualTo(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(((Timestamp) first.get("last_used_at")).toInstant()));
        JsonNode listed = api().get("/v1/api-keys?pageSize=100").data();
        listed.forEach(key -> {
            if (key.get("id").asText().equals(id)) {
                assertThat(key.get("lastUsedAt")).isEqualTo(view.get("lastUsedAt"));
            }
        });
        assertThat(eventCount()).as("a key's use is not an event").isEqualTo(events + 1); // + the other key only
    }

    @Test
    void a_refused_request_appends_no_event() {
        JsonNode created = api().post("/v1/api-keys", "{\"name\":\"refused\",\"scopes\":[\"billing:read\"]}").data();
        Api reader = api().as(created.get("key").asText());
        long events = eventCount();

        Api.Response unknownKey = api().as("blk_not_a_real_key_0000000000000000").get("/v1/plans");
        Api.Response wrongScope = reader.post("/v1/plans", "{\"name\":\"Nope\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":100,\"billingInterval\":\"month\"}");
        Api.Response notBearer = api().withHeader("Authorization", "Basic abc").as(null).get("/v1/plans");

        assertThat(unknownKey.status()).isEqualTo(401);
        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(notBearer.status()).isEqualTo(401);
        awaitRow(created.get("id").asText()); // the key authenticated (then lacked the scope): its use was written
        assertThat(eventCount()).as("refused requests append no event").isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key_last_use u WHERE NOT EXISTS "
                + "(SELECT 1 FROM api_key_credentials c WHERE c.api_key_id = u.key_id)", Long.class))
                .as("no use recorded for a key that does not exist").isZero();
    }

    private Map<String, Object> awaitRow(String keyId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> row(keyId), row -> row != null);
    }

    private Map<String, Object> row(String keyId) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT last_used_at, xmin::text AS xmin FROM api_key_last_use WHERE key_id = ?", keyId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
