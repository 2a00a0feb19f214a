package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's verification steps and the plan and customer contract, over HTTP on a real PostgreSQL. */
class PlansAndCustomersEndToEndTest extends EndToEndTest {

    private static final String STARTER =
            "{\"name\":\"Starter\",\"pricingModel\":\"flat_rate\",\"amountCents\":2999,\"billingInterval\":\"month\"}";

    @Test
    void health_reports_the_database_connected_without_an_api_key() {
        Api.Response health = new Api(port, null).get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
        assertThat(health.body().get("database").asText()).isEqualTo("connected");
    }

    @Test
    void a_missing_resource_is_named_by_its_kind_on_writes_as_on_reads() {
        String plan = "plan_11111111-2222-3333-4444-555555555555";
        String subscription = "sub_11111111-2222-3333-4444-555555555555";

        Api.Response read = api().get("/v1/plans/" + plan);
        Api.Response write = api().send("PATCH", "/v1/plans/" + plan, "{\"name\":\"x\"}");
        Api.Response action = api().post("/v1/subscriptions/" + subscription + "/cancel", "{}");

        assertThat(read.body().at("/error/message").asText()).isEqualTo("Plan " + plan + " was not found");
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.body().at("/error/message").asText()).isEqualTo("Plan " + plan + " was not found");
        assertThat(action.status()).isEqualTo(404);
        assertThat(action.body().at("/error/message").asText())
                .isEqualTo("Subscription " + subscription + " was not found");
    }

    @Test
    void a_currency_code_is_taken_in_any_case_and_answered_lower_case() {
        Api.Response created = api().post("/v1/plans",
                "{\"name\":\"Euro\",\"pricingModel\":\"flat_rate\",\"amountCents\":1000,"
                        + "\"currency\":\"EUR\",\"billingInterval\":\"month\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.data().get("currency").asText()).isEqualTo("eur");
    }

    @Test
    void a_created_plan_is_answered_with_201_and_is_visible_to_the_very_next_read() {
        Api.Response created = api().post("/v1/plans", STARTER);

        assertThat(created.status()).isEqualTo(201);
        JsonNode plan = created.data();
        assertThat(plan.get("id").asText()).matches("^plan_[a-f0-9-]{36}$");
        assertThat(plan.get("name").asText()).isEqualTo("Starter");
        assertThat(plan.get("amountCents").asLong()).isEqualTo(2999);
        assertThat(plan.get("currency").asText()).isEqualTo("usd");
        assertThat(plan.get("pricingModel").asText()).isEqualTo("flat_rate");
        assertThat(plan.get("billingInterval").asText()).isEqualTo("month");
        assertThat(plan.get("trialPeriodDays").asInt()).isZero();
        assertThat(plan.get("status").asText()).isEqualTo("active");

        Api.Response read = api().get("/v1/plans/" + plan.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data()).isEqualTo(plan);

        Api.Response list = api().get("/v1/plans?pageSize=100");
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.data())).contains(plan.get("id").asText());
        assertThat(list.body().get("meta").get("pageSize").asInt()).isEqualTo(100);
    }

    @Test
    void plans_are_listed_newest_first_in_pages_and_filtered_by_status() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(api().post("/v1/plans", STARTER.replace("Starter", "Paged " + i)).data().get("id").asText());
        }
        String archived = created.get(0);
        assertThat(api().post("/v1/plans/" + archived + "/archive", null).status()).isEqualTo(200);

        Api.Response firstPage = api().get("/v1/plans?page=1&pageSize=2");
        assertThat(firstPage.data().size()).isEqualTo(2);
        JsonNode meta = firstPage.body().get("meta");
        long total = meta.get("totalCount").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(meta.get("totalPages").asLong()).isEqualTo((total + 1) / 2);
        assertThat(meta.get("page").asInt()).isEqualTo(1);

        assertThat(ids(api().get("/v1/plans?status=archived&pageSize=100").data())).contains(archived)
                .doesNotContain(created.get(1), created.get(2));
        assertThat(ids(api().get("/v1/plans?status=active&pageSize=100").data()))
                .contains(created.get(1), created.get(2)).doesNotContain(archived);
    }

    @Test
    void a_plan_patch_changes_descriptive_fields_and_refuses_price_changes() {
        String id = api().post("/v1/plans", STARTER).data().get("id").asText();

        Api.Response patched = api().patch("/v1/plans/" + id,
                "{\"name\":\"Starter+\",\"description\":\"More\",\"trialPeriodDays\":14,\"metadata\":{\"tier\":\"2\"}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.data().get("name").asText()).isEqualTo("Starter+");
        assertThat(patched.data().get("description").asText()).isEqualTo("More");
        assertThat(patched.data().get("trialPeriodDays").asInt()).isEqualTo(14);
        assertThat(patched.data().get("metadata").get("tier").asText()).isEqualTo("2");
        assertThat(api().get("/v1/plans/" + id).data().get("name").asText()).isEqualTo("Starter+");

        Api.Response priceChange = api().patch("/v1/plans/" + id, "{\"amountCents\":1}");
        assertThat(priceChange.status()).isEqualTo(400);
        assertThat(priceChange.body().get("error").get("details").get(0).get("field").asText())
                .isEqualTo("amountCents");
        assertThat(api().get("/v1/plans/" + id).data().get("amountCents").asLong()).isEqualTo(2999);
    }

    @Test
    void an_archived_plan_refuses_edits_and_a_second_archive_with_409() {
        String id = api().post("/v1/plans", STARTER).data().get("id").asText();
        Api.Response archived = api().post("/v1/plans/" + id + "/archive", null);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.data().get("status").asText()).isEqualTo("archived");

        Api.Response edit = api().patch("/v1/plans/" + id, "{\"name\":\"Nope\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.errorCode()).isEqualTo("CONFLICT");
        assertThat(edit.body().get("error").get("currentStatus").asText()).isEqualTo("archived");

        assertThat(api().post("/v1/plans/" + id + "/archive", null).status()).isEqualTo(409);
    }

    @Test
    void an_unknown_plan_is_404_in_the_error_envelope() {
        Api.Response missing = api().get("/v1/plans/plan_00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(missing.body().get("error").get("requestId").asText()).isNotBlank();

        Api.Response edit = api().patch("/v1/plans/plan_00000000-0000-0000-0000-000000000000", "{\"name\":\"x\"}");
        assertThat(edit.status()).isEqualTo(404);
    }

    @Test
    void a_plans_history_lists_its_events_with_actor_and_request_id() {
        Api withRequestId = api().withHeader("X-Request-Id", "req-history-1");
        String id = withRequestId.post("/v1/plans", STARTER).data().get("id").asText();
        api().withHeader("X-Request-Id", "req-history-2").patch("/v1/plans/" + id, "{\"name\":\"Renamed\"}");
        api().post("/v1/plans/" + id + "/archive", null);

        Api.Response history = api().get("/v1/plans/" + id + "/history");

        assertThat(history.status()).isEqualTo(200);
        JsonNode events = history.data();
        assertThat(events.size()).isEqualTo(3);
        assertThat(events.get(0).get("type").asText()).isEqualTo("PlanCreated");
        assertThat(events.get(1).get("type").asText()).isEqualTo("PlanUpdated");
        assertThat(events.get(2).get("type").asText()).isEqualTo("PlanArchived");
        assertThat(events.get(0).get("requestId").asText()).isEqualTo("req-history-1");
        assertThat(events.get(1).get("requestId").asText()).isEqualTo("req-history-2");
        String adminKeyId = jdbc.queryForObject(
                "SELECT id FROM api_key_directory WHERE name = 'bootstrap'", String.class);
        assertThat(events.get(0).get("actor").asText()).isEqualTo(adminKeyId);
        assertThat(events.get(1).get("payload").get("name").asText()).isEqualTo("Renamed");
        assertThat(events.get(0).get("occurredAt").asText()).isNotBlank();
        assertThat(events.get(2).get("sequenceNumber").asLong()).isEqualTo(2);
    }

    @Test
    void a_write_from_the_cli_is_on_the_record_as_cli_and_the_key_id() {
        String id = api().withHeader("User-Agent", "billing-cli/0.1.0").post("/v1/plans", STARTER)
                .data().get("id").asText();

        JsonNode created = api().get("/v1/plans/" + id + "/history").data().get(0);

        String adminKeyId = jdbc.queryForObject(
                "SELECT id FROM api_key_directory WHERE name = 'bootstrap'", String.class);
        assertThat(created.get("actor").asText()).isEqualTo("cli:" + adminKeyId);
    }

    @Test
    void the_request_id_is_echoed_or_generated() {
        assertThat(api().withHeader("X-Request-Id", "abc-123").get("/v1/plans").header("X-Request-Id"))
                .isEqualTo("abc-123");
        assertThat(api().get("/v1/plans").header("X-Request-Id")).matches("^[a-f0-9-]{36}$");
    }

    @Test
    void customers_are_created_listed_by_email_updated_and_have_a_history() {
        Api.Response created = api().post("/v1/customers",
                "{\"name\":\"Test User\",\"email\":\"Test.User@example.com\",\"metadata\":{\"crm\":\"42\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.data().get("id").asText();
        assertThat(id).matches("^cust_[a-f0-9-]{36}$");
        assertThat(created.data().get("email").asText()).isEqualTo("Test.User@example.com");
        assertThat(created.data().get("metadata").get("crm").asText()).isEqualTo("42");
        api().post("/v1/customers", "{\"name\":\"Other\",\"email\":\"other@example.com\"}");

        Api.Response byEmail = api().get("/v1/customers?email=test.user@example.com");
        assertThat(ids(byEmail.data())).containsExactly(id);
        assertThat(byEmail.body().get("meta").get("totalCount").asLong()).isEqualTo(1);

        Api.Response patched = api().patch("/v1/customers/" + id, "{\"name\":\"Renamed User\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.data().get("name").asText()).isEqualTo("Renamed User");
        assertThat(patched.data().get("email").asText()).isEqualTo("Test.User@example.com");
        assertThat(api().get("/v1/customers/" + id).data().get("name").asText()).isEqualTo("Renamed User");

        JsonNode history = api().get("/v1/customers/" + id + "/history").data();
        List<String> types = new ArrayList<>();
        history.forEach(entry -> types.add(entry.get("type").asText()));
        // the link to the payment processor's customer is recorded by a process of its own, in between or after
        assertThat(types.stream().filter(type -> !type.equals("StripeCustomerLinked")))
                .containsExactly("CustomerCreated", "CustomerUpdated");
    }

    @Test
    void a_patch_that_changes_nothing_records_nothing() {
        String id = api().post("/v1/customers", "{\"name\":\"Same\",\"email\":\"same@example.com\"}")
                .data().get("id").asText();
        long before = eventCount();

        assertThat(api().patch("/v1/customers/" + id, "{\"name\":\"Same\"}").status()).isEqualTo(200);

        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void the_openapi_document_lists_every_endpoint_with_its_error_responses() {
        Api.Response docs = new Api(port, null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.body().get("paths");
        assertThat(paths.fieldNames()).toIterable().contains("/v1/plans", "/v1/plans/{planId}",
                "/v1/plans/{planId}/archive", "/v1/plans/{planId}/history", "/v1/customers",
                "/v1/customers/{customerId}", "/v1/customers/{customerId}/history", "/v1/api-keys",
                "/v1/api-keys/{apiKeyId}/revoke", "/health",
                "/v1/subscriptions", "/v1/subscriptions/{subscriptionId}", "/v1/subscriptions/{subscriptionId}/cancel",
                "/v1/subscriptions/{subscriptionId}/reactivate", "/v1/subscriptions/{subscriptionId}/change-plan",
                "/v1/subscriptions/{subscriptionId}/pause", "/v1/subscriptions/{subscriptionId}/resume",
                "/v1/subscriptions/{subscriptionId}/history", "/v1/test-clocks", "/v1/test-clocks/{testClockId}",
                "/v1/test-clocks/{testClockId}/advance", "/v1/usage", "/v1/usage/batch",
                "/v1/usage/subscriptions/{subscriptionId}/summary", "/v1/invoices", "/v1/invoices/{invoiceId}",
                "/v1/invoices/{invoiceId}/finalize", "/v1/invoices/{invoiceId}/void",
                "/v1/invoices/{invoiceId}/mark-uncollectible", "/v1/invoices/{invoiceId}/pay",
                "/v1/invoices/{invoiceId}/credit-notes", "/v1/invoices/{invoiceId}/history",
                "/v1/admin/projections", "/v1/admin/projections/{processorName}/replay", "/health/ready",
                "/v1/admin/projections/{processorName}/dead-letters",
                "/v1/admin/projections/{processorName}/dead-letters/retry",
                "/v1/admin/projections/{processorName}/dead-letters/{sequenceId}/drop",
                "/v1/admin/projections/{processorName}/dead-letters/{sequenceId}");
        assertThat(paths.get("/v1/usage/batch").get("post").get("responses").fieldNames()).toIterable()
                .contains("400", "401", "403", "422", "429", "500");
        JsonNode createPlan = paths.get("/v1/plans").get("post").get("responses");
        assertThat(createPlan.fieldNames()).toIterable().contains("201", "400", "401", "403", "409", "422", "429", "500");
        assertThat(docs.body().get("components").get("schemas").has("ErrorEnvelope")).isTrue();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }
}
