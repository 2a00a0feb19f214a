package io.billing.ledger.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edge cases the ledger properties found, as examples with exact amounts (docs/billing-math.md
 * §10). Each test bills in a year of its own on a test clock; INVOICE_FINALIZE_DELAY is the default hour.
 */
class LedgerEndToEndTest extends EndToEndTest {

    @Test
    void a_change_of_interval_with_proration_behavior_none_is_refused() {
        Scenario s = new Scenario("2044-01-01T00:00:00Z");
        String monthly = s.plan("Monthly", "flat_rate", 3100, "month");
        String yearly = s.plan("Yearly", "flat_rate", 36600, "year");
        String sub = s.subscribe(monthly);
        s.advanceTo("2044-01-11T00:00:00Z");

        Api.Response refused = s.changePlan(sub, yearly, null, "none");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().get("error").get("message").asText()).contains("not none");
        // the same switch with create_prorations: −2100 for the 21 unused days, +36600 for the new year
        // (2044-01-11 → 2045-01-11 is a full year of the new calendar, anchored on the 11th)
        assertThat(s.changePlan(sub, yearly, null, "always_invoice").status()).isEqualTo(200);
        assertThat(amounts(s.invoices(sub, 2).get(1))).containsExactly(-2100L, 36600L);
    }

    @Test
    void a_quantity_change_after_a_move_to_a_metered_plan_with_none_credits_the_flat_fee_still_charged() {
        Scenario s = new Scenario("2045-01-01T00:00:00Z");
        String flat = s.plan("Flat", "flat_rate", 3100, "month");
        String metered = s.plan("Metered", "per_unit", 25, "month");
        String sub = s.subscribe(flat);
        s.advanceTo("2045-01-06T00:00:00Z");
        assertThat(s.changePlan(sub, metered, null, "none").status()).isEqualTo(200); // still charged 3100
        s.advanceTo("2045-01-16T00:00:00Z"); // 16 of 31 days left

        assertThat(s.changePlan(sub, metered, 2L, "always_invoice").status()).isEqualTo(200);

        // the period is charged anew at per-unit terms: the 1600 charged for the rest is credited
        JsonNode update = s.invoices(sub, 2).get(1);
        assertThat(amounts(update)).containsExactly(-1600L);
        assertThat(update.get("creditCarriedForwardCents").asLong()).isEqualTo(1600);
    }

    @Test
    @Disabled("KNOWN BUG found by LedgerEndToEndProperties, reported with issue 9: usage recorded on a per-unit "
            + "plan is never invoiced once the subscription leaves that plan (or changes interval) mid-period; "
            + "invoicing (being rewritten) must bill the ended per-unit stretch. Enable with the fix and set "
            + "LedgerModel.USAGE_AS_BUILT to false.")
    void usage_recorded_before_leaving_a_metered_plan_is_invoiced() {
        Scenario s = new Scenario("2040-01-01T00:00:00Z");
        String metered = s.plan("Metered", "per_unit", 25, "month");
        String flat = s.plan("Flat", "flat_rate", 3100, "month");
        String sub = s.subscribe(metered);
        s.advanceTo("2040-01-11T00:00:00Z");
        assertThat(s.usage(sub, 10, "2040-01-10T00:00:00Z").status()).isEqualTo(201);

        assertThat(s.changePlan(sub, flat, null, "always_invoice").status()).isEqualTo(200); // +2100: 21 of 31 days
        s.advanceTo("2040-02-01T02:00:00Z");

        List<JsonNode> invoices = s.invoices(sub, 2);
        assertThat(invoices.stream().mapToLong(invoice -> total(invoice, "usage_charge")).sum())
                .as("10 units at 25, recorded while metered").isEqualTo(250);
        assertThat(invoices.stream().mapToLong(invoice -> total(invoice, "proration_debit")).sum()).isEqualTo(2100);
    }

    @Test
    @Disabled("KNOWN BUG found by LedgerEndToEndProperties, reported with issue 9: after a cancel and a "
            + "reactivation of a per-unit subscription, the renewal bills the period's usage again (700 for 14 "
            + "units at 25: the cancel's invoice, recounted at finalization, has 350, the renewal 350 more); "
            + "see LedgerModel.USAGE_AS_BUILT")
    void usage_after_a_cancel_and_a_reactivation_in_the_period_is_invoiced_once() {
        Scenario s = new Scenario("2041-01-01T00:00:00Z");
        String metered = s.plan("Metered", "per_unit", 25, "month");
        String sub = s.subscribe(metered);
        s.advanceTo("2041-01-06T00:00:00Z");
        assertThat(s.usage(sub, 10, "2041-01-05T00:00:00Z").status()).isEqualTo(201);
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/cancel", "{\"prorate\":false}").status()).isEqualTo(200);
        s.advanceTo("2041-01-06T00:30:00Z"); // the cancel's invoice is a draft until 01:00
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/reactivate", "{}").status()).isEqualTo(200);
        Api.Response more = s.usage(sub, 4, "2041-01-06T00:30:00Z");
        assertThat(more.status()).as(more.toString()).isEqualTo(201);
        s.advanceTo("2041-02-01T02:00:00Z");

        List<JsonNode> invoices = s.invoices(sub, 2);
        assertThat(invoices.stream().mapToLong(invoice -> total(invoice, "usage_charge")).sum())
                .as("14 units at 25, each once").isEqualTo(350);
    }

    @Test
    // found by LedgerEndToEndProperties (issue 9): no renewal runs while paused, and the resume billed only a flat fee
    void usage_of_a_period_that_ended_while_paused_is_invoiced() {
        Scenario s = new Scenario("2042-01-01T00:00:00Z");
        String metered = s.plan("Metered", "per_unit", 25, "month");
        String sub = s.subscribe(metered);
        s.advanceTo("2042-01-06T00:00:00Z");
        assertThat(s.usage(sub, 10, "2042-01-05T00:00:00Z").status()).isEqualTo(201);
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/pause", "{}").status()).isEqualTo(200);
        s.advanceTo("2042-02-10T00:00:00Z");
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/resume", "{}").status()).isEqualTo(200);
        s.advanceTo("2042-03-01T02:00:00Z");

        List<JsonNode> invoices = new ArrayList<>();
        s.api.get("/v1/invoices?pageSize=100&subscriptionId=" + sub).data().forEach(invoices::add);
        assertThat(invoices.stream().mapToLong(invoice -> total(invoice, "usage_charge")).sum())
                .as("January's 10 units at 25; invoices " + invoices).isEqualTo(250);
    }

    private static long total(JsonNode invoice, String type) {
        long sum = 0;
        for (JsonNode line : invoice.get("lines")) {
            if (line.get("type").asText().equals(type)) {
                sum += line.get("amountCents").asLong();
            }
        }
        return sum;
    }

    private static List<Long> amounts(JsonNode invoice) {
        List<Long> amounts = new ArrayList<>();
        invoice.get("lines").forEach(line -> amounts.add(line.get("amountCents").asLong()));
        return amounts;
    }

    /** A customer on a test clock of its own. */
    private final class Scenario {

        final Api api = api();
        final String clock;
        final String customer;

        Scenario(String start) {
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
            customer = api.post("/v1/customers", "{\"name\":\"Ledger Customer\",\"email\":\"ledger@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        }

        String plan(String name, String model, long cents, String interval) {
            return api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"" + model
                    + "\",\"amountCents\":" + cents + ",\"billingInterval\":\"" + interval + "\"}")
                    .data().get("id").asText();
        }

        String subscribe(String plan) {
            Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                    + plan + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.data().get("id").asText();
        }

        Api.Response changePlan(String sub, String plan, Long quantity, String behaviour) {
            return api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plan + "\""
                    + (quantity != null ? ",\"quantity\":" + quantity : "") + ",\"prorationBehavior\":\""
                    + behaviour + "\"}");
        }

        Api.Response usage(String sub, long quantity, String at) {
            return api.post("/v1/usage", "{\"subscriptionId\":\"" + sub + "\",\"idempotencyKey\":\"" + UUID.randomUUID()
                    + "\",\"quantity\":" + quantity + ",\"timestamp\":\"" + at + "\"}");
        }

        void advanceTo(String instant) {
            Api.Response advanced = api.post("/v1/test-clocks/" + clock + "/advance",
                    "{\"frozenTime\":\"" + instant + "\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        /** The subscription's invoices, oldest first, once there are {@code count}. */
        List<JsonNode> invoices(String sub, int count) {
            List<JsonNode> invoices = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                invoices.clear();
                api.get("/v1/invoices?pageSize=100&subscriptionId=" + sub).data().forEach(invoices::add);
                return invoices.size() == count;
            });
            Collections.reverse(invoices);
            return invoices;
        }
    }
}
