package io.billing.ledger.server.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One clock per resource: everything about a resource on a test clock is dated by that clock —
 * createdAt, updatedAt, canceledAt, history and asOf — as Stripe's test clocks date them; the
 * history still says when each event was recorded, in real time.
 */
class ResourceClockEndToEndTest extends EndToEndTest {

    @Test
    void a_subscription_on_a_test_clock_is_dated_by_the_clock_and_as_of_reads_clock_time() {
        Api api = api();
        String clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T10:00:00Z\"}").data().get("id").asText();
        JsonNode customer = api.post("/v1/customers", "{\"name\":\"Clocked\",\"email\":\"clocked@example.com\","
                + "\"testClockId\":\"" + clock + "\"}").data();
        String plan = api.post("/v1/plans", "{\"name\":\"Monthly\",\"pricingModel\":\"flat_rate\",\"amountCents\":2000,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        JsonNode created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer.get("id").asText()
                + "\",\"planId\":\"" + plan + "\"}").data();
        String sub = created.get("id").asText();

        assertThat(customer.get("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
        assertThat(created.get("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
        assertThat(created.get("updatedAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
        JsonNode firstInvoice = api.get("/v1/invoices/" + created.get("latestInvoiceId").asText()).data();
        assertThat(firstInvoice.get("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");

        String metered = api.post("/v1/plans", "{\"name\":\"Calls\",\"pricingModel\":\"per_unit\",\"amountCents\":5,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String meteredSub = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer.get("id").asText()
                + "\",\"planId\":\"" + metered + "\"}").data().get("id").asText();
        Api.Response usage = api.post("/v1/usage", "{\"subscriptionId\":\"" + meteredSub + "\",\"quantity\":2,"
                + "\"timestamp\":\"2026-01-01T10:00:00Z\",\"idempotencyKey\":\"clocked-1\"}");
        assertThat(usage.status()).as(usage.toString()).isEqualTo(201);
        assertThat(usage.data().get("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");

        JsonNode advanced = api.post("/v1/test-clocks/" + clock + "/advance?wait=true",
                "{\"frozenTime\":\"2026-02-15T10:00:00Z\"}").data();
        assertThat(advanced.get("status").asText()).isEqualTo("ready");
        // renewed when the period ended on the clock, not when the clock was moved past it
        JsonNode renewed = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/subscriptions/" + sub).data(),
                s -> s.get("currentPeriodStart").asText().equals("2026-02-01T10:00:00.000Z"));
        assertThat(renewed.get("updatedAt").asText()).isEqualTo("2026-02-01T10:00:00.000Z");
        JsonNode renewalInvoice = api.get("/v1/invoices?subscriptionId=" + sub).data().get(0);
        assertThat(renewalInvoice.get("periodStart").asText()).isEqualTo("2026-02-01T10:00:00.000Z");
        assertThat(renewalInvoice.get("createdAt").asText()).isEqualTo("2026-02-01T10:00:00.000Z");

        JsonNode canceled = api.post("/v1/subscriptions/" + sub + "/cancel", null).data();
        assertThat(canceled.get("status").asText()).isEqualTo("canceled");
        assertThat(canceled.get("canceledAt").asText()).isEqualTo("2026-02-15T10:00:00.000Z");
        assertThat(canceled.get("updatedAt").asText()).isEqualTo("2026-02-15T10:00:00.000Z");
        assertThat(canceled.get("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");

        JsonNode history = api.get("/v1/subscriptions/" + sub + "/history").data();
        List<String> dated = new ArrayList<>();
        history.forEach(entry -> {
            dated.add(entry.get("type").asText() + "@" + entry.get("occurredAt").asText());
            // recorded now, in real time: the clock is far behind the machine's
            assertThat(Instant.parse(entry.get("recordedAt").asText())).isAfter(Instant.parse("2026-03-01T00:00:00Z"));
        });
        assertThat(dated).containsExactly("SubscriptionCreated@2026-01-01T10:00:00.000Z",
                "SubscriptionRenewed@2026-02-01T10:00:00.000Z", "SubscriptionCanceled@2026-02-15T10:00:00.000Z");

        assertThat(asOf("/v1/subscriptions/" + sub, "2026-01-20T00:00:00Z").get("currentPeriodStart").asText())
                .as("before the renewal").isEqualTo("2026-01-01T10:00:00.000Z");
        JsonNode beforeCancel = asOf("/v1/subscriptions/" + sub, "2026-02-15T09:59:59.999Z");
        assertThat(beforeCancel.get("status").asText()).as("a millisecond before the cancel").isEqualTo("active");
        assertThat(beforeCancel.get("currentPeriodStart").asText()).isEqualTo("2026-02-01T10:00:00.000Z");
        assertThat(asOf("/v1/subscriptions/" + sub, "2026-02-15T10:00:00.000Z").get("status").asText()).isEqualTo("canceled");
        assertThat(api.get("/v1/subscriptions/" + sub + "?asOf=2025-12-31T00:00:00Z").status())
                .as("before it existed on its clock").isEqualTo(404);

        // the customer is dated by its clock too: renamed at the clock's 2026-02-15T10:00
        String customerId = customer.get("id").asText();
        Api.Response renamed = api.patch("/v1/customers/" + customerId, "{\"name\":\"Clocked Renamed\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(asOf("/v1/customers/" + customerId, "2026-02-15T09:59:59.999Z").get("name").asText())
                .isEqualTo("Clocked");
        assertThat(asOf("/v1/customers/" + customerId, "2026-02-15T10:00:00Z").get("name").asText())
                .isEqualTo("Clocked Renamed");
        assertThat(api.get("/v1/customers/" + customerId + "?asOf=2026-01-01T09:59:59Z").status()).isEqualTo(404);
        // the first invoice: a draft on creation, finalized an hour later on the clock
        String invoiceId = firstInvoice.get("id").asText();
        assertThat(asOf("/v1/invoices/" + invoiceId, "2026-01-01T10:30:00Z").get("status").asText())
                .isEqualTo("draft");
        JsonNode finalized = asOf("/v1/invoices/" + invoiceId, "2026-01-01T11:00:00Z");
        assertThat(finalized.get("status").asText()).isEqualTo("open"); // no card: the charge failed
        assertThat(finalized.get("customerName").asText()).as("the customer as it was then").isEqualTo("Clocked");
        assertThat(api.get("/v1/invoices/" + invoiceId + "?asOf=2026-01-01T09:59:59Z").status()).isEqualTo(404);
        for (String path : List.of("/v1/plans/" + plan, "/v1/customers/" + customerId, "/v1/invoices/" + invoiceId,
                "/v1/subscriptions/" + sub, "/v1/payments/pay_00000000-0000-0000-0000-000000000000",
                "/v1/dunning/dun_00000000-0000-0000-0000-000000000000")) {
            Api.Response bad = api.get(path + "?asOf=yesterday");
            assertThat(bad.status()).as(path + " " + bad).isEqualTo(400);
            assertThat(bad.body().get("error").get("code").asText()).as(bad.toString()).isNotBlank();
        }
    }

    @Test
    void a_plan_in_real_time_answers_as_of_real_time() {
        Api api = api();
        JsonNode plan = api.post("/v1/plans", "{\"name\":\"Before\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":100,\"billingInterval\":\"month\"}").data();
        String planId = plan.get("id").asText();
        String createdAt = plan.get("createdAt").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(Instant.parse(createdAt).plusMillis(5)));
        JsonNode updated = api.patch("/v1/plans/" + planId, "{\"name\":\"After\"}").data();
        assertThat(asOf("/v1/plans/" + planId, createdAt).get("name").asText()).isEqualTo("Before");
        assertThat(asOf("/v1/plans/" + planId, updated.get("updatedAt").asText()).get("name").asText())
                .isEqualTo("After");
        assertThat(api.get("/v1/plans/" + planId).data().get("name").asText()).isEqualTo("After");
        assertThat(api.get("/v1/plans/" + planId + "?asOf="
                + Instant.parse(createdAt).minusMillis(1)).status()).isEqualTo(404);
    }

    @Test
    void a_resource_in_real_time_is_dated_in_real_time() {
        JsonNode plan = api().post("/v1/plans", "{\"name\":\"Real\",\"pricingModel\":\"flat_rate\",\"amountCents\":100,"
                + "\"billingInterval\":\"month\"}").data();
        JsonNode customer = api().post("/v1/customers", "{\"name\":\"Real\",\"email\":\"real@example.com\"}").data();
        Instant now = Instant.now();
        for (JsonNode resource : List.of(plan, customer)) {
            Instant createdAt = Instant.parse(resource.get("createdAt").asText());
            assertThat(Duration.between(createdAt, now).abs()).isLessThan(Duration.ofMinutes(5));
        }
        JsonNode history = api().get("/v1/customers/" + customer.get("id").asText() + "/history").data();
        assertThat(history.get(0).get("occurredAt")).isEqualTo(history.get(0).get("recordedAt"));
    }

    private JsonNode asOf(String path, String instant) {
        Api.Response response = api().get(path + "?asOf=" + instant);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data();
    }
}
