package io.billing.ledger.server.projection;

import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Read tables are derived data: dropping their rows and replaying the event store gives identical rows. */
class ProjectionRebuildEndToEndTest extends EndToEndTest {

    private static final Map<String, String> TABLES = Map.of(
            "plan-catalog", "plan_catalog",
            "customer-directory", "customer_directory",
            "api-key-directory", "api_key_directory");

    @Autowired
    ProjectionReplays replays;

    @Test
    void dropping_the_read_rows_and_replaying_rebuilds_identical_tables() throws Exception {
        for (int i = 0; i < 15; i++) {
            String plan = api().post("/v1/plans", "{\"name\":\"Plan " + i + "\",\"pricingModel\":\"per_unit\","
                    + "\"amountCents\":" + (i * 7) + ",\"billingInterval\":\"year\",\"metadata\":{\"i\":" + i + "}}")
                    .data().get("id").asText();
            if (i % 3 == 0) {
                api().patch("/v1/plans/" + plan, "{\"description\":\"changed " + i + "\",\"trialPeriodDays\":" + i + "}");
            }
            if (i % 5 == 0) {
                api().post("/v1/plans/" + plan + "/archive", null);
            }
            String customer = api().post("/v1/customers", "{\"name\":\"C " + i + "\",\"email\":\"c" + i
                    + "@example.com\"}").data().get("id").asText();
            if (i % 2 == 0) {
                api().patch("/v1/customers/" + customer, "{\"metadata\":{\"vip\":true}}");
            }
        }
        String key = api().post("/v1/api-keys", "{\"name\":\"k\",\"scopes\":[\"billing:read\"]}").data().get("id").asText();
        api().post("/v1/api-keys/" + key + "/revoke", null);

        for (Map.Entry<String, String> projection : TABLES.entrySet()) {
            String processor = projection.getKey();
            String table = projection.getValue();
            assertThat(replays.awaitCaughtUp(processor, Duration.ofSeconds(10))).isTrue();
            List<Map<String, Object>> before = rows(table);
            assertThat(before).isNotEmpty();

            jdbc.update("DELETE FROM " + table);
            replays.replay(processor);

            assertThat(replays.awaitCaughtUp(processor, Duration.ofSeconds(20))).as(processor).isTrue();
            assertThat(rows(table)).as(table).isEqualTo(before);
        }
    }

    @Test
    void the_admin_endpoint_reports_positions_and_rebuilds_a_projection() throws Exception {
        api().post("/v1/customers", "{\"name\":\"Admin\",\"email\":\"admin@example.com\"}");
        List<Map<String, Object>> before = rows("customer_directory");

        Api.Response replay = api().post("/v1/admin/projections/customer-directory/replay", null);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(api().post("/v1/admin/projections/no-such-thing/replay", null).status()).isEqualTo(404);

        assertThat(replays.awaitCaughtUp("customer-directory", Duration.ofSeconds(20))).isTrue();
        assertThat(rows("customer_directory")).isEqualTo(before);
        Api.Response status = api().get("/v1/admin/projections");
        assertThat(status.data().get("processors").has("customer-directory")).isTrue();
        assertThat(status.data().get("headPosition").asLong()).isPositive();
    }

    private List<Map<String, Object>> rows(String table) {
        return jdbc.queryForList("SELECT * FROM " + table + " ORDER BY id");
    }
}
