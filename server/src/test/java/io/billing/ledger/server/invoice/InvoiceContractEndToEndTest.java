package io.billing.ledger.server.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's invoice and subscription shapes, end to end with exact values: invoice metadata, the one
 * line shape (pending lines, invoice lines, history payloads), unitAmountCents of prorated lines, and
 * the regeneration of a void invoice with the customer's credit counted once. INVOICE_FINALIZE_DELAY is
 * the default hour.
 */
class InvoiceContractEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void metadata_is_taken_on_create_merged_by_patch_while_draft_and_refused_once_finalized() {
        Scenario s = new Scenario("2041-01-01T00:00:00Z");
        String basic = s.plan("Basic", 500);
        String pro = s.plan("Pro", 1000);
        String sub = s.subscribe(basic);
        s.advanceTo("2041-01-22T00:00:00Z");
        s.changePlan(sub, pro, 1, "create_prorations");

        Api.Response created = s.api.post("/v1/invoices", "{\"subscriptionId\":\"" + sub + "\","
                + "\"metadata\":{\"order\":\"42\",\"team\":\"red\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String invoice = created.data().get("id").asText();
        assertThat(created.data().get("metadata")).isEqualTo(json("{\"order\":\"42\",\"team\":\"red\"}"));
        assertThat(created.data().get("lines")).allSatisfy(line ->
                assertThat(line.get("metadata").toString()).isEqualTo("{}"));

        Api.Response merged = s.api.patch("/v1/invoices/" + invoice,
                "{\"metadata\":{\"team\":\"\",\"po\":\"PO-7\"}}");
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.data().get("metadata")).isEqualTo(json("{\"order\":\"42\",\"po\":\"PO-7\"}"));
        Api.Response removed = s.api.patch("/v1/invoices/" + invoice, "{\"metadata\":{\"order\":null}}");
        assertThat(removed.data().get("metadata").toString()).isEqualTo("{\"po\":\"PO-7\"}");
        assertThat(s.api.get("/v1/invoices/" + invoice).data().get("metadata").toString())
                .isEqualTo("{\"po\":\"PO-7\"}");

        Api.Response notAString = s.api.patch("/v1/invoices/" + invoice, "{\"metadata\":{\"n\":5}}");
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.errorCode()).isEqualTo("VALIDATION_ERROR");

        List<String> types = new ArrayList<>();
        List<JsonNode> metadata = new ArrayList<>();
        s.api.get("/v1/invoices/" + invoice + "/history").data().forEach(entry -> {
            types.add(entry.get("type").asText());
            metadata.add(entry.get("payload").get("metadata"));
        });
        assertThat(types).containsExactly("InvoiceDrafted", "InvoiceMetadataUpdated", "InvoiceMetadataUpdated",
                "InvoiceMetadataUpdated");
        assertThat(metadata).containsExactly(json("{}"), json("{\"order\":\"42\",\"team\":\"red\"}"),
                json("{\"order\":\"42\",\"po\":\"PO-7\"}"), json("{\"po\":\"PO-7\"}"));

        s.api.post("/v1/invoices/" + invoice + "/finalize", null);
        Api.Response late = s.api.patch("/v1/invoices/" + invoice, "{\"metadata\":{\"po\":\"PO-8\"}}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("CONFLICT");
        assertThat(late.body().get("error").get("message").asText())
                .isEqualTo("Invoice " + invoice + " is open; its metadata can be changed only while it is a draft");
        assertThat(late.body().get("error").has("currentStatus")).as("not a state transition").isFalse();
        assertThat(late.body().get("error").has("allowedTransitions")).isFalse();
        assertThat(s.api.patch("/v1/invoices/inv_00000000-0000-0000-0000-000000000000", "{\"metadata\":{}}")
                .status()).isEqualTo(404);
    }

    @Test
    void pending_lines_invoice_lines_and_history_lines_share_one_shape_with_unit_amounts_half_even() {
        Scenario s = new Scenario("2042-01-01T00:00:00Z");
        String basic = s.plan("Basic", 500);
        String pro = s.plan("Pro", 1000);
        String sub = s.subscribe(basic);
        s.advanceTo("2042-01-22T00:00:00Z"); // 10 of January's 31 days remain
        s.changePlan(sub, pro, 3, "create_prorations");

        // credit −round(500 × 10/31) = −161 for 1 unit; debit round(3 × 1000 × 10/31) = 968 for 3 units,
        // 322.67 per unit: 323 half-even
        JsonNode pending = s.api.get("/v1/subscriptions/" + sub).data().get("pendingProrationLines");
        assertThat(pending.toString()).isEqualTo("[" + line(null, null, "proration_credit",
                "Unused time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)", 1, -161, -161) + ","
                + line(null, null, "proration_debit", "Remaining time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)",
                3, 323, 968) + "]");

        JsonNode invoice = s.api.post("/v1/invoices", "{\"subscriptionId\":\"" + sub + "\"}").data();
        String id = invoice.get("id").asText();
        assertThat(invoice.get("lines").toString()).isEqualTo("[" + line(id + "_0", id, "proration_credit",
                "Unused time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)", 1, -161, -161) + ","
                + line(id + "_1", id, "proration_debit", "Remaining time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)",
                3, 323, 968) + "]");
        assertThat(fieldNames(pending.get(0))).isEqualTo(fieldNames(invoice.get("lines").get(0)));
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("pendingProrationLines").size()).isZero();

        // history payloads render their lines in the same shape: money in …Cents, spans as periodStart/periodEnd
        JsonNode drafted = s.api.get("/v1/invoices/" + id + "/history").data().get(0).get("payload");
        assertThat(drafted.get("lines").toString()).isEqualTo("[" + line(null, null, "proration_credit",
                "Unused time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)", 1, -161, -161) + ","
                + line(null, null, "proration_debit", "Remaining time [2042-01-22T00:00:00Z, 2042-02-01T00:00:00Z)",
                3, 323, 968) + "]");
        JsonNode changed = null;
        for (JsonNode entry : s.api.get("/v1/subscriptions/" + sub + "/history").data()) {
            if (entry.get("type").asText().equals("SubscriptionPlanChanged")) {
                changed = entry.get("payload");
            }
        }
        assertThat(changed).isNotNull();
        assertThat(changed.get("prorationLines").toString()).isEqualTo(pending.toString());
    }

    @Test
    void stored_pending_lines_of_the_old_shape_are_rewritten_by_the_migration() {
        String sub = "sub_00000000-0000-0000-0000-00000000c0de";
        jdbc.update("""
                INSERT INTO subscription_directory (id, customer_id, plan_id, status, created_at, version, view)
                VALUES (?, 'cust_x', 'plan_x', 'active', now(), 3, ?::jsonb)""", sub, """
                {"id":"%s","pendingProrationLines":[{"type":"proration_debit","description":"Remaining time",
                 "amount":{"amount":1001,"currency":"usd"},"quantity":3,
                 "period":{"start":"2026-01-22T00:00:00Z","end":"2026-02-01T00:00:00Z"}}]}""".formatted(sub));

        new ResourceDatabasePopulator(new ClassPathResource(
                "db/migration/projections/V2026_11_30_1500__lines_in_one_shape.sql")).execute(jdbc.getDataSource());

        String rewritten = jdbc.queryForObject("SELECT view -> 'pendingProrationLines' FROM subscription_directory "
                + "WHERE id = ?", String.class, sub);
        assertThat(rewritten).isEqualTo("[{\"id\": null, \"type\": \"proration_debit\", \"metadata\": {}, "
                + "\"quantity\": 3, \"invoiceId\": null, \"periodEnd\": \"2026-02-01T00:00:00Z\", "
                + "\"amountCents\": 1001, \"description\": \"Remaining time\", \"periodStart\": "
                + "\"2026-01-22T00:00:00Z\", \"unitAmountCents\": 334}]");
        jdbc.update("DELETE FROM subscription_directory WHERE id = ?", sub);
    }

    @Test
    void a_void_invoice_is_regenerated_once_and_the_customers_credit_is_applied_once() {
        Scenario s = new Scenario("2043-01-01T00:00:00Z");
        String flat = s.plan("Flat", 3000);
        String sub = s.subscribe(flat);
        String january = s.invoices(sub, 1).get(0).get("id").asText();
        s.api.post("/v1/invoices/" + january + "/finalize", null);
        s.api.post("/v1/invoices/" + january + "/pay", "{\"paidOutOfBand\":true}");
        s.api.post("/v1/invoices/" + january + "/credit-notes", "{\"amountCents\":500,\"reason\":\"goodwill\"}");
        s.awaitCreditBalances("[{\"currency\":\"usd\",\"amountCents\":500}]");

        s.advanceTo("2043-02-01T02:00:00Z"); // renewed and finalized at 01:00, with the 500 of credit applied
        JsonNode february = s.invoices(sub, 2).get(1);
        String voided = february.get("id").asText();
        assertThat(amounts(february)).containsExactly(3000L, -500L);
        assertThat(february.get("totalCents").asLong()).isEqualTo(2500);
        s.awaitCreditBalances("[]");
        Api.Response patched = s.api.patch("/v1/invoices/" + voided, "{\"metadata\":{\"order\":\"42\"}}");
        assertThat(patched.status()).as("an open invoice's metadata is fixed").isEqualTo(409);

        Api.Response draftRegenerated = s.api.post("/v1/invoices/" + voided + "/regenerate", null);
        assertThat(draftRegenerated.status()).isEqualTo(409);
        assertThat(draftRegenerated.body().get("error").get("message").asText())
                .isEqualTo("Invoice " + voided + " is open; only a void invoice can be regenerated");
        assertThat(draftRegenerated.body().get("error").has("currentStatus")).isFalse();

        assertThat(s.api.post("/v1/invoices/" + voided + "/void", null).status()).isEqualTo(200);
        s.awaitCreditBalances("[{\"currency\":\"usd\",\"amountCents\":500}]"); // the void gave the 500 back

        Api.Response regenerated = s.api.post("/v1/invoices/" + voided + "/regenerate", null);
        assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(201);
        JsonNode replacement = regenerated.data();
        String replacementId = replacement.get("id").asText();
        assertThat(replacementId).isNotEqualTo(voided).matches("^inv_[a-f0-9-]{36}$");
        assertThat(replacement.get("status").asText()).isEqualTo("draft");
        assertThat(replacement.get("replacesInvoiceId").asText()).isEqualTo(voided);
        assertThat(replacement.get("subscriptionId").asText()).isEqualTo(sub);
        assertThat(replacement.get("billingReason").asText()).isEqualTo("subscription_cycle");
        assertThat(replacement.get("periodStart").asText()).isEqualTo("2043-02-01T00:00:00.000Z");
        assertThat(replacement.get("periodEnd").asText()).isEqualTo("2043-03-01T00:00:00.000Z");
        assertThat(replacement.get("lines")).extracting(line -> line.get("type").asText())
                .containsExactly("plan_charge", "credit_applied");
        assertThat(amounts(replacement)).containsExactly(3000L, -500L);
        assertThat(replacement.get("totalCents").asLong()).isEqualTo(2500);
        assertThat(replacement.get("createdAt").asText()).as("on the subscription's clock")
                .isEqualTo("2043-02-01T02:00:00.000Z");
        s.awaitCreditBalances("[]");
        assertThat(s.api.get("/v1/invoices/" + voided).data().get("replacedByInvoiceId").asText())
                .isEqualTo(replacementId);

        Api.Response again = s.api.post("/v1/invoices/" + voided + "/regenerate", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").get("message").asText())
                .isEqualTo("Invoice " + voided + " was regenerated already as " + replacementId);
        assertThat(s.invoices(sub, 3)).extracting(i -> i.get("id").asText())
                .containsExactly(january, voided, replacementId);

        // the customer's credit, event by event: given once by the credit note, applied, given back by the
        // void, applied once more to the replacement; nothing left over and nothing lost
        List<String> credits = new ArrayList<>();
        s.api.get("/v1/customers/" + s.customer + "/history").data().forEach(event -> {
            if (event.get("type").asText().startsWith("CustomerCredit")) {
                credits.add(event.get("type").asText() + " " + event.get("payload").get("amountCents")
                        + " " + (event.get("payload").has("invoiceId") ? event.get("payload").get("invoiceId")
                        : event.get("payload").get("sourceId")).asText());
            }
        });
        assertThat(credits).containsExactly("CustomerCreditGranted 500 " + credits.get(0).split(" ")[2],
                "CustomerCreditApplied 500 " + voided, "CustomerCreditGranted 500 " + voided,
                "CustomerCreditApplied 500 " + replacementId);
        assertThat(credits.get(0)).startsWith("CustomerCreditGranted 500 cn_");

        s.advanceTo("2043-02-01T03:30:00Z"); // the replacement finalizes after the finalize delay, like any draft
        JsonNode finalized = s.api.get("/v1/invoices/" + replacementId).data();
        assertThat(finalized.get("status").asText()).isEqualTo("open");
        assertThat(finalized.get("invoiceNumber").asText()).isEqualTo("INV-2043-000003");
        assertThat(finalized.get("amountDueCents").asLong()).isEqualTo(2500);
    }

    private static String line(String id, String invoiceId, String type, String description, long quantity,
                               long unitAmountCents, long amountCents) {
        return "{\"id\":" + (id == null ? "null" : "\"" + id + "\"") + ",\"invoiceId\":"
                + (invoiceId == null ? "null" : "\"" + invoiceId + "\"") + ",\"type\":\"" + type
                + "\",\"description\":\"" + description + "\",\"quantity\":" + quantity + ",\"unitAmountCents\":"
                + unitAmountCents + ",\"amountCents\":" + amountCents + ",\"periodStart\":\""
                + wire(description.substring(description.indexOf('[') + 1, description.indexOf(',')))
                + "\",\"periodEnd\":\"" + wire(description.substring(description.indexOf(", ") + 2, description.indexOf(')')))
                + "\",\"metadata\":{}}";
    }

    /** An instant as the API writes it: milliseconds, always three digits (docs/api.md). */
    private static String wire(String instant) {
        return instant.replace(":00Z", ":00.000Z");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = ((ObjectNode) node).fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
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
            customer = api.post("/v1/customers", "{\"name\":\"Billed Customer\",\"email\":\"billed@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        }

        String plan(String name, long cents) {
            return api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":"
                    + cents + ",\"billingInterval\":\"month\"}").data().get("id").asText();
        }

        String subscribe(String plan) {
            Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                    + plan + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.data().get("id").asText();
        }

        void changePlan(String sub, String plan, long quantity, String behaviour) {
            Api.Response changed = api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plan
                    + "\",\"quantity\":" + quantity + ",\"prorationBehavior\":\"" + behaviour + "\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        }

        void advanceTo(String instant) {
            Api.Response advanced = api.post("/v1/test-clocks/" + clock + "/advance",
                    "{\"frozenTime\":\"" + instant + "\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        void awaitCreditBalances(String json) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(api.get("/v1/customers/" + customer).data().get("creditBalances").toString())
                            .isEqualTo(json));
        }

        /** The subscription's invoices, oldest first, once there are {@code count}. */
        List<JsonNode> invoices(String sub, int count) {
            List<JsonNode> invoices = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                invoices.clear();
                api.get("/v1/invoices?pageSize=100&subscriptionId=" + sub).data().forEach(invoices::add);
                return invoices.size() == count;
            });
            java.util.Collections.reverse(invoices);
            return invoices;
        }
    }
}
