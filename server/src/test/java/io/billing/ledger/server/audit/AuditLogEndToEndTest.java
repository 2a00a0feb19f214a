package io.billing.ledger.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/audit} (docs/audit.md): who did what to which resource, with the resource before and after. */
class AuditLogEndToEndTest extends EndToEndTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    @Test
    void a_creation_and_an_update_show_the_resource_as_the_api_showed_it_before_and_after() {
        Api.Response created = api().post("/v1/plans", plan("Audited"));
        String plan = created.data().get("id").asText();
        Api.Response updated = api().send("PATCH", "/v1/plans/" + plan, "{\"name\":\"Audited again\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        JsonNode entries = entriesOf(plan, 2);

        JsonNode update = entries.get(0);
        JsonNode creation = entries.get(1);
        assertThat(creation.get("action").asText()).isEqualTo("plan.created");
        assertThat(creation.get("resourceType").asText()).isEqualTo("Plan");
        assertThat(creation.get("resourceId").asText()).isEqualTo(plan);
        assertThat(creation.get("before").isNull()).as("before of a creation").isTrue();
        assertThat(creation.get("after")).isEqualTo(created.data());
        assertThat(update.get("action").asText()).isEqualTo("plan.updated");
        assertThat(update.get("before")).isEqualTo(created.data());
        assertThat(update.get("after")).isEqualTo(api().get("/v1/plans/" + plan).data());
        for (JsonNode entry : entries) {
            assertThat(entry.get("id").asText()).isNotBlank();
            assertThat(entry.get("actor").asText()).startsWith("key_");
            assertThat(entry.at("/metadata/requestId").asText()).isNotBlank();
            assertThat(entry.at("/metadata/correlationId").asText()).isNotBlank();
            assertThat(entry.at("/metadata/position").asLong()).isPositive();
            assertThat(entry.at("/metadata").has("clockTime")).isTrue();
            assertThat(entry.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
        assertThat(update.at("/metadata/position").asLong()).isGreaterThan(creation.at("/metadata/position").asLong());
        assertThat(update.at("/metadata/requestId").asText()).isNotEqualTo(creation.at("/metadata/requestId").asText());
    }

    @Test
    void every_history_endpoint_and_the_audit_log_show_the_same_events_in_the_same_order() {
        String clock = api().post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-15T10:00:00Z\",\"name\":\"audit\"}")
                .data().get("id").asText();
        String customer = api().post("/v1/customers", "{\"name\":\"History\",\"email\":\"history@example.com\","
                + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        String plan = api().post("/v1/plans", plan("History")).data().get("id").asText();
        api().send("PATCH", "/v1/plans/" + plan, "{\"name\":\"History 2\"}");
        String subscription = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\"}").data().get("id").asText();
        api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-01-16T12:00:00Z\"}");
        await().atMost(CATCH_UP).until(() -> "ready".equals(api().get("/v1/test-clocks/" + clock).data()
                .get("status").asText()));
        api().post("/v1/subscriptions/" + subscription + "/cancel", "{}");
        String invoice = await().atMost(CATCH_UP).until(() -> api().get("/v1/invoices?subscriptionId=" + subscription)
                .data(), data -> data.size() > 0).get(0).get("id").asText();

        List<String> paths = new ArrayList<>(List.of("/v1/test-clocks/" + clock, "/v1/customers/" + customer,
                "/v1/plans/" + plan, "/v1/subscriptions/" + subscription, "/v1/invoices/" + invoice));
        // the invoice fell due on the clock: its charge (refused, the customer has no card) is a payment
        api().get("/v1/payments?invoiceId=" + invoice).data()
                .forEach(payment -> paths.add("/v1/payments/" + payment.get("id").asText()));
        for (String path : paths) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            JsonNode history = api().get(path + "/history").data();
            JsonNode audit = entriesOf(id, history.size());
            List<String> fromHistory = new ArrayList<>();
            history.forEach(entry -> fromHistory.add(entry.get("eventId").asText() + " " + entry.get("actor").asText()
                    + " " + entry.get("requestId").asText()));
            List<String> fromAudit = new ArrayList<>();
            audit.forEach(entry -> fromAudit.add(entry.get("id").asText() + " " + entry.get("actor").asText() + " "
                    + entry.at("/metadata/requestId").asText()));
            Collections.reverse(fromAudit); // newest first
            assertThat(fromAudit).as(path).isEqualTo(fromHistory);
        }
        // the clock's resources carry its time; the last entry of each shows the resource as its GET does
        JsonNode customerCreated = entriesOf(customer, 0).get(entriesOf(customer, 0).size() - 1);
        assertThat(customerCreated.at("/metadata/clockTime").asText()).isEqualTo("2026-01-15T10:00:00.000Z");
        assertThat(entriesOf(subscription, 0).get(0).get("after"))
                .isEqualTo(api().get("/v1/subscriptions/" + subscription).data());
        assertThat(entriesOf(clock, 0).get(0).get("after")).isEqualTo(api().get("/v1/test-clocks/" + clock).data());
        assertThat(entriesOf(customer, 0).get(0).get("after")).isEqualTo(api().get("/v1/customers/" + customer).data());
        JsonNode invoiceNow = api().get("/v1/invoices/" + invoice).data();
        await().atMost(CATCH_UP).untilAsserted(() ->
                assertThat(entriesOf(invoice, 0).get(0).get("after")).isEqualTo(api().get("/v1/invoices/" + invoice).data()));
        assertThat(invoiceNow.get("id").asText()).isEqualTo(invoice);
    }

    @Test
    void filters_narrow_the_entries_and_pages_split_them() {
        String plan = api().post("/v1/plans", plan("Filtered")).data().get("id").asText();
        api().send("PATCH", "/v1/plans/" + plan, "{\"name\":\"Filtered 2\"}");
        api().post("/v1/plans/" + plan + "/archive", null);
        JsonNode all = entriesOf(plan, 3);
        String actor = all.get(0).get("actor").asText();
        Instant archivedAt = Instant.parse(all.get(0).get("createdAt").asText());

        assertThat(actions(api().get("/v1/audit?resourceId=" + plan + "&action=plan.archived").data()))
                .containsExactly("plan.archived");
        for (JsonNode entry : api().get("/v1/audit?resourceType=Plan&pageSize=100").data()) {
            assertThat(entry.get("resourceType").asText()).isEqualTo("Plan");
        }
        for (JsonNode entry : api().get("/v1/audit?actor=" + actor + "&action=plan.updated&pageSize=100").data()) {
            assertThat(entry.get("actor").asText()).isEqualTo(actor);
            assertThat(entry.get("action").asText()).isEqualTo("plan.updated");
        }
        assertThat(api().get("/v1/audit?actor=system:nobody").data()).isEmpty();
        JsonNode upToArchive = api().get("/v1/audit?resourceId=" + plan + "&to=" + archivedAt).data();
        assertThat(actions(upToArchive)).doesNotContain("plan.archived").hasSize(2);
        assertThat(actions(api().get("/v1/audit?resourceId=" + plan + "&from=" + archivedAt).data()))
                .containsExactly("plan.archived");
        assertThat(api().get("/v1/audit?from=" + archivedAt.plusSeconds(3600)).data()).isEmpty();

        Api.Response second = api().get("/v1/audit?resourceId=" + plan + "&page=2&pageSize=1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(actions(second.data())).containsExactly("plan.updated");
        assertThat(second.body().at("/meta/page").asInt()).isEqualTo(2);
        assertThat(second.body().at("/meta/pageSize").asInt()).isEqualTo(1);
        assertThat(second.body().at("/meta/totalCount").asLong()).isEqualTo(3);
        assertThat(second.body().at("/meta/totalPages").asLong()).isEqualTo(3);

        Api.Response whole = api().get("/v1/audit?pageSize=1");
        long stored = jdbc.queryForObject("SELECT count(*) FROM audit_log", Long.class);
        assertThat(whole.body().at("/meta/totalCount").asLong()).isEqualTo(stored);
        long plansToday = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE resource_type = 'Plan' "
                + "AND created_at >= ?", Long.class, java.sql.Timestamp.from(archivedAt.minusSeconds(86_400 * 2)));
        assertThat(api().get("/v1/audit?resourceType=Plan&pageSize=1&from=" + archivedAt.minusSeconds(86_400 * 2))
                .body().at("/meta/totalCount").asLong()).isEqualTo(plansToday);
    }

    @Test
    void unknown_names_and_malformed_filters_are_400_in_the_error_envelope() {
        for (String query : List.of("resourceType=Widget", "action=plan.exploded", "from=yesterday",
                "to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z", "resourceId=nope", "pageSize=101", "page=0")) {
            Api.Response refused = api().get("/v1/audit?" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.body().at("/error/code").asText()).as(query).isNotBlank();
            assertThat(refused.body().at("/error/message").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void only_an_admin_key_reads_the_audit_log() {
        for (String scopes : List.of("billing:read", "billing:write")) {
            String key = api().post("/v1/api-keys", "{\"name\":\"not admin\",\"scopes\":[\"" + scopes + "\"]}")
                    .data().get("key").asText();
            assertThat(api().as(key).get("/v1/audit").status()).as(scopes).isEqualTo(403);
        }
        assertThat(new Api(port, null).get("/v1/audit").status()).isEqualTo(401);
        assertThat(api().get("/v1/audit").status()).isEqualTo(200);
    }

    @Test
    void a_revoked_keys_actions_stay_queryable_by_actor_and_the_cli_is_named_as_such() {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"leaked\",\"scopes\":[\"billing:write\"]}");
        String keyId = created.data().get("id").asText();
        String secret = created.data().get("key").asText();
        String byKey = api().as(secret).post("/v1/plans", plan("By key")).data().get("id").asText();
        String byCli = api().as(secret).withHeader("User-Agent", "billing-cli/0.1.0").post("/v1/plans", plan("By cli"))
                .data().get("id").asText();
        assertThat(api().post("/v1/api-keys/" + keyId + "/revoke", null).status()).isEqualTo(200);
        assertThat(api().as(secret).post("/v1/plans", plan("Refused")).status()).isEqualTo(401);

        JsonNode keyEntries = await().atMost(CATCH_UP).until(() -> api().get("/v1/audit?actor=" + keyId).data(),
                data -> data.size() == 1);
        assertThat(keyEntries.get(0).get("resourceId").asText()).isEqualTo(byKey);
        assertThat(keyEntries.get(0).get("action").asText()).isEqualTo("plan.created");
        JsonNode cliEntries = api().get("/v1/audit?actor=cli:" + keyId).data();
        assertThat(cliEntries).hasSize(1);
        assertThat(cliEntries.get(0).get("resourceId").asText()).isEqualTo(byCli);

        JsonNode keyHistory = entriesOf(keyId, 2);
        assertThat(actions(keyHistory)).containsExactly("api_key.revoked", "api_key.created");
        assertThat(keyHistory.get(0).at("/after/isRevoked").asBoolean()).isTrue();
        assertThat(keyHistory.get(0).at("/before/isRevoked").asBoolean()).isFalse();
        assertThat(keyHistory.toString()).doesNotContain(secret).doesNotContain("hash");
    }

    /** The entries of one resource, newest first, once the projection has at least {@code atLeast} of them. */
    private JsonNode entriesOf(String resourceId, int atLeast) {
        return await().atMost(CATCH_UP).until(() -> {
            Api.Response page = api().get("/v1/audit?pageSize=100&resourceId=" + resourceId);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            return page.data();
        }, data -> data.size() >= Math.max(atLeast, 1));
    }

    private static List<String> actions(JsonNode entries) {
        List<String> actions = new ArrayList<>();
        entries.forEach(entry -> actions.add(entry.get("action").asText()));
        return actions;
    }

    private static String plan(String name) {
        return "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":2999,\"billingInterval\":\"month\"}";
    }
}
