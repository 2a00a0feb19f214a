package io.billing.ledger.server.corrections;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/runbook-corrections.md, performed as written (each step is the REST call its CLI command
 * makes) on one test clock through April 2026 (30 days): plan A 3000/month, plan B 6000/month,
 * a metered plan at 5 per unit. Every correction is a compensating command; the money is checked
 * to the cent, down to the invoice each correction ends on.
 */
class CorrectionsRunbookEndToEndTest extends EndToEndTest {

    private Api api;

    @BeforeEach
    void connect() {
        api = api(); // the port is known once the server started, not when the test instance is made
    }

    @Test
    void every_correction_of_the_runbook_works_as_written_and_the_money_comes_out_exact() {
        String clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2026-04-01T00:00:00Z\"}").data().get("id").asText();
        String planA = plan("A", "flat_rate", 3000);
        String planB = plan("B", "flat_rate", 6000);
        String metered = plan("Calls", "per_unit", 5);
        String creditNoted = subscribe(customer(clock, "credit-note"), planA);
        String reissued = subscribe(customer(clock, "void-reissue"), planA);
        String usage = subscribe(customer(clock, "usage"), metered);
        String planChanged = subscribe(customer(clock, "plan-change"), planA);
        String canceled = subscribe(customer(clock, "cancel"), planA);
        String proratedCustomer = customer(clock, "prorated-cancel");
        String prorated = subscribe(proratedCustomer, planA);
        advance(clock, "2026-04-01T02:00:00Z"); // the first invoices are finalized at 01:00 (no card: open)

        // (a) a wrong invoice, still open: a credit note lowers what it owes
        JsonNode april = awaitInvoice(creditNoted, "open", "2026-04-01T00:00:00.000Z");
        assertThat(april.get("amountDueCents").asLong()).isEqualTo(3000);
        JsonNode credited = ok(api.post("/v1/invoices/" + id(april) + "/credit-notes",
                "{\"amountCents\":500,\"reason\":\"promised discount not applied\"}"));
        assertThat(credited.get("totalCents").asLong()).isEqualTo(3000);
        assertThat(credited.get("amountDueCents").asLong()).isEqualTo(2500);
        assertThat(credited.get("creditNotes")).hasSize(1);
        JsonNode paid = ok(api.post("/v1/invoices/" + id(april) + "/pay", "{\"paidOutOfBand\":true}"));
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.get("amountPaidCents").asLong()).isEqualTo(2500);

        // (a) a wrong invoice that must not stand: void it and re-issue it
        JsonNode wrong = awaitInvoice(reissued, "open", "2026-04-01T00:00:00.000Z");
        assertThat(ok(api.post("/v1/invoices/" + id(wrong) + "/void", null)).get("status").asText()).isEqualTo("void");
        JsonNode replacement = ok(api.post("/v1/invoices/" + id(wrong) + "/regenerate", null));
        assertThat(replacement.get("status").asText()).isEqualTo("draft");
        assertThat(replacement.get("replacesInvoiceId").asText()).isEqualTo(id(wrong));
        ok(api.patch("/v1/invoices/" + id(replacement), "{\"metadata\":{\"purchaseOrder\":\"PO-1234\"}}"));
        JsonNode reissuedInvoice = ok(api.post("/v1/invoices/" + id(replacement) + "/finalize", null));
        assertThat(reissuedInvoice.get("status").asText()).isEqualTo("open");
        assertThat(reissuedInvoice.get("totalCents").asLong()).isEqualTo(3000);
        assertThat(reissuedInvoice.get("amountDueCents").asLong()).isEqualTo(3000);
        assertThat(reissuedInvoice.get("metadata").get("purchaseOrder").asText()).isEqualTo("PO-1234");
        JsonNode voided = ok(api.get("/v1/invoices/" + id(wrong)));
        assertThat(voided.get("replacedByInvoiceId").asText()).isEqualTo(id(replacement));

        // (b) wrong usage before the period closes: void the record
        List<String> records = new ArrayList<>();
        for (long quantity : new long[]{100, 250, 40}) {
            Api.Response recorded = api.post("/v1/usage", "{\"subscriptionId\":\"" + usage + "\",\"quantity\":"
                    + quantity + ",\"timestamp\":\"2026-04-01T01:30:00Z\",\"idempotencyKey\":\"runbook-" + quantity
                    + "\"}");
            assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
            assertThat(recorded.data().get("status").asText()).isEqualTo("recorded");
            records.add(id(recorded.data()));
        }
        JsonNode voidedRecord = ok(api.post("/v1/usage/" + records.get(1) + "/void",
                "{\"reason\":\"sent twice by the meter\"}"));
        assertThat(voidedRecord.get("status").asText()).isEqualTo("voided");
        assertThat(voidedRecord.get("voidedAt").asText()).isEqualTo("2026-04-01T02:00:00.000Z"); // the clock's time
        assertThat(voidedRecord.get("quantity").asLong()).isEqualTo(250);
        Api.Response again = api.post("/v1/usage/" + records.get(1) + "/void", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.body().get("error").get("message").asText()).contains("already voided");
        assertThat(api.post("/v1/usage/evt_00000000-0000-0000-0000-000000000000/void", null).status())
                .isEqualTo(404);
        assertThat(api.post("/v1/usage/" + records.get(0) + "/void", "{\"reason\":\" \"}").status()).isEqualTo(400);
        JsonNode summary = ok(api.get("/v1/usage/subscriptions/" + usage + "/summary"));
        assertThat(summary.get("totalQuantity").asLong()).isEqualTo(140);
        assertThat(summary.get("eventCount").asLong()).isEqualTo(2);
        assertThat(summary.get("amountCents").asLong()).isEqualTo(700);
        JsonNode listed = ok(api.get("/v1/usage?subscriptionId=" + usage));
        assertThat(listed).hasSize(3);
        List<String> statuses = new ArrayList<>();
        listed.forEach(record -> statuses.add(record.get("quantity").asLong() + ":" + record.get("status").asText()));
        assertThat(statuses).containsExactlyInAnyOrder("100:recorded", "250:voided", "40:recorded");
        // a replayed POST of the voided record's key shows it voided, and adds nothing
        Api.Response replayed = api.post("/v1/usage", "{\"subscriptionId\":\"" + usage + "\",\"quantity\":250,"
                + "\"timestamp\":\"2026-04-01T01:30:00Z\",\"idempotencyKey\":\"runbook-250\"}");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.data().get("status").asText()).isEqualTo("voided");

        advance(clock, "2026-04-11T00:00:00Z"); // 20 of April's 30 days remain: 1,728,000 of 2,592,000 s

        // (c) a wrong plan change, A → B: change back, with prorations; the four lines cancel out
        JsonNode mistaken = ok(api.post("/v1/subscriptions/" + planChanged + "/change-plan",
                "{\"planId\":\"" + planB + "\"}"));
        assertThat(amounts(mistaken.get("pendingProrationLines"))).containsExactly(-2000L, 4000L);
        JsonNode changedBack = ok(api.post("/v1/subscriptions/" + planChanged + "/change-plan",
                "{\"planId\":\"" + planA + "\"}"));
        assertThat(changedBack.get("planId").asText()).isEqualTo(planA);
        assertThat(amounts(changedBack.get("pendingProrationLines"))).containsExactly(-2000L, 4000L, -4000L, 2000L);

        // (d) a mistaken cancel: reactivate while the period runs
        assertThat(ok(api.post("/v1/subscriptions/" + canceled + "/cancel", null)).get("status").asText())
                .isEqualTo("canceled");
        JsonNode reactivated = ok(api.post("/v1/subscriptions/" + canceled + "/reactivate", null));
        assertThat(reactivated.get("status").asText()).isEqualTo("active");
        assertThat(reactivated.get("pendingProrationLines")).isEmpty();
        // (d) a mistaken cancel that credited the unused time: reactivating charges that time again
        assertThat(ok(api.post("/v1/subscriptions/" + prorated + "/cancel", "{\"prorate\":true}")).get("status")
                .asText()).isEqualTo("canceled");
        await().atMost(Duration.ofSeconds(15)).until(() -> creditBalance(proratedCustomer) == 2000);
        JsonNode recharged = ok(api.post("/v1/subscriptions/" + prorated + "/reactivate", null));
        assertThat(recharged.get("status").asText()).isEqualTo("active");
        assertThat(amounts(recharged.get("pendingProrationLines"))).containsExactly(2000L);

        advance(clock, "2026-05-01T02:00:00Z"); // renewals at 00:00, finalized at 01:00

        JsonNode usageInvoice = awaitInvoice(usage, "open", "2026-05-01T00:00:00.000Z");
        JsonNode usageLine = line(usageInvoice, "usage_charge");
        assertThat(usageLine.get("quantity").asLong()).as("100 + 40: the voided 250 is not billed").isEqualTo(140);
        assertThat(usageLine.get("amountCents").asLong()).isEqualTo(700);
        assertThat(usageInvoice.get("totalCents").asLong()).isEqualTo(700);
        Api.Response closed = api.post("/v1/usage/" + records.get(0) + "/void", null);
        assertThat(closed.status()).as(closed.toString()).isEqualTo(409);
        assertThat(closed.body().get("error").get("message").asText()).contains("credit note");

        JsonNode mayAfterChange = awaitInvoice(planChanged, "open", "2026-05-01T00:00:00.000Z");
        assertThat(lineSum(mayAfterChange)).isEqualTo(3000);
        assertThat(mayAfterChange.get("amountDueCents").asLong()).isEqualTo(3000);
        assertThat(awaitInvoice(canceled, "open", "2026-05-01T00:00:00.000Z").get("amountDueCents").asLong())
                .isEqualTo(3000);
        JsonNode mayAfterProrated = awaitInvoice(prorated, "open", "2026-05-01T00:00:00.000Z");
        assertThat(mayAfterProrated.get("amountDueCents").asLong())
                .as("3000 for May + 2000 charged again − the 2000 credit").isEqualTo(3000);
        assertThat(creditBalance(proratedCustomer)).isZero();

        // every correction is on the record, after what it corrects
        assertThat(types("/v1/subscriptions/" + canceled + "/history"))
                .containsSubsequence("SubscriptionCanceled", "SubscriptionReactivated");
        assertThat(types("/v1/subscriptions/" + planChanged + "/history"))
                .containsSubsequence("SubscriptionPlanChanged", "SubscriptionPlanChanged");
        assertThat(types("/v1/invoices/" + id(april) + "/history")).contains("CreditNoteIssued");
    }

    private String plan(String name, String model, long cents) {
        return id(ok(api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"" + model
                + "\",\"amountCents\":" + cents + ",\"billingInterval\":\"month\"}")));
    }

    private String customer(String clock, String name) {
        return id(ok(api.post("/v1/customers", "{\"name\":\"" + name + "\",\"email\":\"" + name
                + "@example.com\",\"testClockId\":\"" + clock + "\"}")));
    }

    private String subscribe(String customer, String plan) {
        return id(ok(api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                + "\"}")));
    }

    private void advance(String clock, String to) {
        JsonNode advanced = ok(api.post("/v1/test-clocks/" + clock + "/advance?wait=true",
                "{\"frozenTime\":\"" + to + "\"}"));
        assertThat(advanced.get("status").asText()).isEqualTo("ready");
    }

    private JsonNode awaitInvoice(String subscriptionId, String status, String periodStart) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode invoice : api.get("/v1/invoices?subscriptionId=" + subscriptionId).data()) {
                if (invoice.get("periodStart").asText().equals(periodStart)
                        && invoice.get("status").asText().equals(status)
                        && !"subscription_cancel".equals(invoice.get("billingReason").asText())) {
                    return invoice;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private long creditBalance(String customerId) {
        long total = 0;
        for (JsonNode balance : api.get("/v1/customers/" + customerId).data().get("creditBalances")) {
            total += balance.get("amountCents").asLong();
        }
        return total;
    }

    private List<String> types(String historyPath) {
        List<String> types = new ArrayList<>();
        ok(api.get(historyPath)).forEach(entry -> types.add(entry.get("type").asText()));
        return types;
    }

    private static JsonNode line(JsonNode invoice, String type) {
        for (JsonNode line : invoice.get("lines")) {
            if (line.get("type").asText().equals(type)) {
                return line;
            }
        }
        throw new AssertionError("no " + type + " line on " + invoice);
    }

    private static long lineSum(JsonNode invoice) {
        long sum = 0;
        for (JsonNode line : invoice.get("lines")) {
            sum += line.get("amountCents").asLong();
        }
        return sum;
    }

    private static List<Long> amounts(JsonNode lines) {
        List<Long> amounts = new ArrayList<>();
        lines.forEach(line -> amounts.add(line.get("amountCents").asLong()));
        return amounts;
    }

    private static String id(JsonNode resource) {
        return resource.get("id").asText();
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response.data();
    }
}
