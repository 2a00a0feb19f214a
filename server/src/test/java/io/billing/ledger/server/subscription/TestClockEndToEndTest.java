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

/** Test clocks: advancing one carries out every trial end, renewal and scheduled cancellation that fell due, in order. */
class TestClockEndToEndTest extends EndToEndTest {

    @Test
    void fourteen_months_on_a_test_clock_renew_a_trialing_subscription_on_exact_boundaries() {
        String clock = createClock("2026-01-15T10:00:00Z");
        String customer = customerOn(clock);
        String plan = api().post("/v1/plans", "{\"name\":\"Team\",\"pricingModel\":\"flat_rate\",\"amountCents\":4900,"
                + "\"billingInterval\":\"month\",\"trialPeriodDays\":14}").data().get("id").asText();
        JsonNode sub = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                + "\"}").data();
        String id = sub.get("id").asText();
        assertThat(sub.get("status").asText()).isEqualTo("trialing");
        assertThat(sub.get("trialEnd").asText()).isEqualTo("2026-01-29T10:00:00.000Z");
        assertThat(sub.get("billingAnchorDay").asInt()).isEqualTo(28); // the 29th is capped at the 28th

        JsonNode advancing = api().post("/v1/test-clocks/" + clock + "/advance",
                "{\"frozenTime\":\"2027-03-15T10:00:00Z\"}").data();
        assertThat(advancing.get("frozenTime").asText()).isEqualTo("2027-03-15T10:00:00.000Z");
        awaitReady(clock);

        JsonNode history = api().get("/v1/subscriptions/" + id + "/history").data();
        List<String> types = new ArrayList<>();
        history.forEach(event -> types.add(event.get("type").asText()));
        assertThat(types.get(0)).isEqualTo("SubscriptionCreated");
        assertThat(types.get(1)).isEqualTo("TrialEnded");
        assertThat(types.subList(2, types.size())).hasSize(13).containsOnly("SubscriptionRenewed");

        JsonNode trialEnded = history.get(1).get("payload");
        assertThat(trialEnded.get("firstPeriod").get("periodStart").asText()).isEqualTo("2026-01-29T10:00:00.000Z");
        assertThat(trialEnded.get("firstPeriod").get("periodEnd").asText()).isEqualTo("2026-02-28T10:00:00.000Z");
        List<String> renewedInto = new ArrayList<>();
        for (int i = 2; i < history.size(); i++) {
            JsonNode renewed = history.get(i).get("payload");
            renewedInto.add(renewed.get("newPeriod").get("periodStart").asText() + "/" + renewed.get("newPeriod").get("periodEnd").asText());
            assertThat(history.get(i).get("actor").asText()).isEqualTo("system:billing-scheduler");
        }
        List<String> expected = new ArrayList<>();
        Instant boundary = Instant.parse("2026-02-28T10:00:00Z");
        for (int month = 0; month < 13; month++) {
            Instant next = boundary.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant();
            expected.add(boundary.toString().replace("Z", ".000Z") + "/" + next.toString().replace("Z", ".000Z"));
            boundary = next;
        }
        assertThat(renewedInto).containsExactlyElementsOf(expected);
        assertThat(renewedInto.get(12)).isEqualTo("2027-02-28T10:00:00.000Z/2027-03-28T10:00:00.000Z");

        // the subscription read model catches up on its own processor, just behind the clock's
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = api().get("/v1/subscriptions/" + id).data();
            assertThat(after.get("status").asText()).isEqualTo("active");
            assertThat(after.get("currentPeriodStart").asText()).isEqualTo("2027-02-28T10:00:00.000Z");
            assertThat(after.get("currentPeriodEnd").asText()).isEqualTo("2027-03-28T10:00:00.000Z");
        });
    }

    @Test
    void a_cancellation_at_period_end_happens_when_the_clock_passes_it_and_not_before() {
        String clock = createClock("2026-03-10T00:00:00Z");
        String customer = customerOn(clock);
        String plan = api().post("/v1/plans", "{\"name\":\"Solo\",\"pricingModel\":\"flat_rate\",\"amountCents\":900,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String id = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                + "\"}").data().get("id").asText();
        api().post("/v1/subscriptions/" + id + "/cancel", "{\"atPeriodEnd\":true}");

        api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-04-09T23:59:59Z\"}");
        awaitReady(clock);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                  AND payload_type LIKE '%SubscriptionCanceled'""", Long.class, id)).isZero();

        api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-06-01T00:00:00Z\"}");
        awaitReady(clock);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode canceled = api().get("/v1/subscriptions/" + id).data();
            assertThat(canceled.get("status").asText()).isEqualTo("canceled");
            assertThat(canceled.get("canceledAt").asText()).isEqualTo("2026-04-10T00:00:00.000Z");
            assertThat(canceled.get("cancellationReason").asText()).isEqualTo("period_end");
        });
        assertThat(api().get("/v1/subscriptions/" + id + "/history").data().size()).isEqualTo(3);
    }

    @Test
    void a_clock_refuses_to_go_back_and_unknown_clocks_are_refused_for_customers() {
        String clock = createClock("2026-03-10T00:00:00Z");
        Api.Response back = api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}");
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.body().get("error").get("details").get(0).get("field").asText()).isEqualTo("frozenTime");

        Api.Response unknown = api().post("/v1/customers", "{\"name\":\"X\",\"email\":\"x@example.com\","
                + "\"testClockId\":\"clk_00000000-0000-0000-0000-000000000000\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(api().get("/v1/test-clocks/" + clock).data().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void an_advance_with_wait_answers_ready_and_the_very_next_reads_show_the_renewal_and_its_invoice() {
        String clock = createClock("2026-05-01T00:00:00Z");
        String customer = customerOn(clock);
        String plan = api().post("/v1/plans", "{\"name\":\"Waited\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":1200,\"billingInterval\":\"month\"}").data().get("id").asText();
        String id = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                + "\"}").data().get("id").asText();

        Api.Response advanced = api().post("/v1/test-clocks/" + clock + "/advance?wait=true",
                "{\"frozenTime\":\"2026-06-01T02:00:00Z\"}");

        assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
        assertThat(advanced.data().get("status").asText()).isEqualTo("ready");
        JsonNode subscription = api().get("/v1/subscriptions/" + id).data();
        assertThat(subscription.get("currentPeriodStart").asText()).startsWith("2026-06-01T00:00:00");
        JsonNode invoices = api().get("/v1/invoices?subscriptionId=" + id).data();
        assertThat(invoices).hasSize(2); // the first period's, and the renewal's
        invoices.forEach(invoice -> assertThat(invoice.get("status").asText()).isEqualTo("open"));
    }

    private String createClock(String frozenTime) {
        Api.Response clock = api().post("/v1/test-clocks", "{\"frozenTime\":\"" + frozenTime + "\",\"name\":\"walk\"}");
        assertThat(clock.status()).as(clock.toString()).isEqualTo(201);
        assertThat(clock.data().get("status").asText()).isEqualTo("ready");
        return clock.data().get("id").asText();
    }

    private String customerOn(String clock) {
        Api.Response customer = api().post("/v1/customers", "{\"name\":\"Clocked\",\"email\":\"clock@example.com\","
                + "\"testClockId\":\"" + clock + "\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        assertThat(customer.data().get("testClockId").asText()).isEqualTo(clock);
        return customer.data().get("id").asText();
    }

    private void awaitReady(String clock) {
        // a bound, not a timing target: fourteen monthly steps, each waiting for every downstream processor
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
    }
}
