package io.billing.ledger.server.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invoices from subscriptions, usage and prorations, on test clocks, with exact numbers.
 * Each test bills in a year of its own, so its invoice numbers start at 000001.
 * INVOICE_FINALIZE_DELAY is the default hour.
 */
class InvoicingEndToEndTest extends EndToEndTest {

    @Test
    void a_monthly_flat_plan_over_three_renewals_makes_four_numbered_invoices() {
        Scenario s = new Scenario("2030-01-01T00:00:00Z");
        String plan = s.plan("Flat", "flat_rate", 3000, 0);
        String sub = s.subscribe(plan);
        JsonNode first = s.invoices(sub, 1).get(0);
        assertThat(first.get("status").asText()).isEqualTo("draft");
        assertThat(first.get("invoiceNumber").isNull()).isTrue();
        assertThat(first.get("totalCents").asLong()).isEqualTo(3000);
        assertThat(first.get("billingReason").asText()).isEqualTo("subscription_create");
        assertThat(first.get("collectionMethod").asText()).isEqualTo("charge_automatically");
        assertThat(first.get("dueDate").isNull()).as("no due date while draft").isTrue();

        s.advanceTo("2030-04-01T02:00:00Z");

        List<JsonNode> invoices = s.invoices(sub, 4);
        assertThat(invoices).extracting(i -> i.get("invoiceNumber").asText())
                .containsExactly("INV-2030-000001", "INV-2030-000002", "INV-2030-000003", "INV-2030-000004");
        assertThat(invoices).extracting(i -> i.get("periodStart").asText())
                .containsExactly("2030-01-01T00:00:00.000Z", "2030-02-01T00:00:00.000Z", "2030-03-01T00:00:00.000Z",
                        "2030-04-01T00:00:00.000Z");
        assertThat(invoices).allSatisfy(i -> {
            assertThat(i.get("status").asText()).isEqualTo("open");
            assertThat(i.get("totalCents").asLong()).isEqualTo(3000);
            assertThat(i.get("subtotalCents").asLong()).isEqualTo(3000);
            assertThat(i.get("taxAmountCents").asLong()).isZero();
            assertThat(i.get("amountDueCents").asLong()).isEqualTo(3000);
            assertThat(i.get("lines").size()).isEqualTo(1);
            assertThat(i.get("lines").get(0).get("type").asText()).isEqualTo("plan_charge");
            assertThat(i.get("collectionMethod").asText()).isEqualTo("charge_automatically");
            // INVOICE_DAYS_UNTIL_DUE defaults to 0: due when finalized
            assertThat(i.get("dueDate").asText()).isEqualTo(i.get("finalizedAt").asText());
            JsonNode line = i.get("lines").get(0);
            assertThat(line.get("id").asText()).isEqualTo(i.get("id").asText() + "_0");
            assertThat(line.get("invoiceId").asText()).isEqualTo(i.get("id").asText());
            assertThat(line.get("unitAmountCents").asLong()).isEqualTo(3000);
        });
        assertThat(invoices.get(0).get("finalizedAt").asText()).isEqualTo("2030-01-01T01:00:00.000Z");
        assertThat(invoices.get(1).get("billingReason").asText()).isEqualTo("subscription_cycle");
        assertThat(invoices.get(0).get("customerName").asText()).isEqualTo("Billed Customer");
    }

    @Test
    void an_upgrade_and_a_downgrade_mid_period_under_each_proration_behaviour() {
        Scenario s = new Scenario("2031-01-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3100, 0);
        String pro = s.plan("Pro", "flat_rate", 6200, 0);
        String sub = s.subscribe(basic);
        s.advanceTo("2031-01-16T00:00:00Z"); // 16 of 31 days remain

        s.changePlan(sub, pro, "always_invoice");
        List<JsonNode> afterUpgrade = s.invoices(sub, 2);
        JsonNode update = afterUpgrade.get(1);
        assertThat(update.get("billingReason").asText()).isEqualTo("subscription_update");
        assertThat(amounts(update)).containsExactly(-1600L, 3200L);
        assertThat(update.get("lines")).extracting(line -> line.get("unitAmountCents").asLong())
                .as("a prorated line of one unit: its amount per unit").containsExactly(-1600L, 3200L);
        assertThat(update.get("lines")).extracting(line -> line.get("id").asText())
                .containsExactly(update.get("id").asText() + "_0", update.get("id").asText() + "_1");
        assertThat(update.get("totalCents").asLong()).isEqualTo(1600);

        s.changePlan(sub, basic, "create_prorations");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("pendingProrationLines").size()).isEqualTo(2);
        s.advanceTo("2031-01-20T00:00:00Z");
        s.changePlan(sub, pro, "none");
        s.advanceTo("2031-03-01T02:00:00Z");

        List<JsonNode> invoices = s.invoices(sub, 4);
        JsonNode february = invoices.get(2);
        assertThat(february.get("periodStart").asText()).isEqualTo("2031-02-01T00:00:00.000Z");
        // the Pro fee in advance (the last change, with no prorations) and the pending lines of the downgrade
        assertThat(amounts(february)).containsExactly(6200L, -3200L, 1600L);
        assertThat(february.get("totalCents").asLong()).isEqualTo(4600);
        assertThat(amounts(invoices.get(3))).containsExactly(6200L);
        assertThat(invoices).extracting(i -> i.get("invoiceNumber").asText())
                .containsExactly("INV-2031-000001", "INV-2031-000002", "INV-2031-000003", "INV-2031-000004");
    }

    @Test
    void a_per_unit_plan_bills_the_usage_of_the_ended_period_including_records_that_arrive_late() {
        Scenario s = new Scenario("2032-01-01T00:00:00Z");
        String plan = s.plan("Calls", "per_unit", 25, 0);
        String sub = s.subscribe(plan);
        s.advanceTo("2032-01-20T00:00:00Z");
        assertThat(s.usage(sub, "jan-1", 10, "2032-01-19T00:00:00Z").status()).isEqualTo(201);

        s.advanceTo("2032-02-01T00:30:00Z"); // renewed; the January invoice is a draft until 01:00
        JsonNode draft = s.invoices(sub, 1).get(0);
        assertThat(draft.get("status").asText()).isEqualTo("draft");
        assertThat(draft.get("lines").get(0).get("quantity").asLong()).isEqualTo(10);
        assertThat(s.usage(sub, "jan-late", 5, "2032-01-31T23:00:00Z").status()).isEqualTo(201);
        assertThat(s.usage(sub, "feb-1", 3, "2032-02-01T00:10:00Z").status()).isEqualTo(201);

        s.advanceTo("2032-02-01T02:00:00Z");
        JsonNode january = s.invoices(sub, 1).get(0);
        assertMeteredFinalizeAnswersAtOnce(s);
        assertThat(january.get("status").asText()).isEqualTo("open");
        assertThat(january.get("invoiceNumber").asText()).isEqualTo("INV-2032-000001");
        JsonNode usageLine = january.get("lines").get(0);
        assertThat(usageLine.get("type").asText()).isEqualTo("usage_charge");
        assertThat(usageLine.get("quantity").asLong()).isEqualTo(15);
        assertThat(usageLine.get("unitAmountCents").asLong()).isEqualTo(25);
        assertThat(january.get("totalCents").asLong()).isEqualTo(375);
        Api.Response tooLate = s.usage(sub, "jan-too-late", 1, "2032-01-31T23:30:00Z");
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.body().get("error").get("message").asText()).contains("closed");
    }

    @Test
    void a_trial_is_not_charged_and_the_first_partial_period_is_prorated_to_the_second() {
        Scenario s = new Scenario("2033-01-15T10:00:00Z");
        String plan = s.plan("Team", "flat_rate", 4900, 14);
        String sub = s.subscribe(plan);
        assertThat(s.api.get("/v1/invoices?subscriptionId=" + sub).data().size()).isZero();

        s.advanceTo("2033-01-29T12:00:00Z");
        JsonNode first = s.invoices(sub, 1).get(0);
        // [01-29 10:00, 02-28 10:00) is 30 of the 31 days of [01-28 10:00, 02-28 10:00): 4900 × 30/31 = 4741.94
        assertThat(first.get("periodStart").asText()).isEqualTo("2033-01-29T10:00:00.000Z");
        assertThat(first.get("periodEnd").asText()).isEqualTo("2033-02-28T10:00:00.000Z");
        assertThat(first.get("totalCents").asLong()).isEqualTo(4742);
    }

    @Test
    void usage_during_a_trial_is_free_even_when_the_trial_is_canceled() {
        Scenario s = new Scenario("2037-01-01T00:00:00Z");
        String plan = s.plan("Trial calls", "per_unit", 25, 14);
        String sub = s.subscribe(plan);
        s.advanceTo("2037-01-05T00:00:00Z");
        assertThat(s.usage(sub, "trial-use", 100, "2037-01-04T00:00:00Z").status()).isEqualTo(201);

        s.api.post("/v1/subscriptions/" + sub + "/cancel", "{}");
        s.advanceTo("2037-03-01T00:00:00Z");

        assertThat(s.api.get("/v1/invoices?subscriptionId=" + sub).data().size()).isZero();
    }

    @Test
    void a_net_credit_is_carried_to_the_next_invoice_and_a_cancel_at_period_end_stops_billing() {
        Scenario s = new Scenario("2034-01-01T00:00:00Z");
        String pro = s.plan("Pro", "flat_rate", 6200, 0);
        String basic = s.plan("Basic", "flat_rate", 3100, 0);
        String sub = s.subscribe(pro);
        s.advanceTo("2034-01-16T00:00:00Z");

        s.changePlan(sub, basic, "always_invoice"); // credit −3200, debit +1600: a net credit of 1600
        JsonNode credit = s.invoices(sub, 2).get(1);
        assertThat(credit.get("subtotalCents").asLong()).isEqualTo(-1600);
        assertThat(credit.get("totalCents").asLong()).isZero();
        assertThat(credit.get("creditCarriedForwardCents").asLong()).isEqualTo(1600);

        s.advanceTo("2034-02-10T00:00:00Z");
        JsonNode february = s.invoices(sub, 3).get(2);
        assertThat(february.get("lines").get(1).get("type").asText()).isEqualTo("credit_applied");
        assertThat(amounts(february)).containsExactly(3100L, -1600L);
        assertThat(february.get("totalCents").asLong()).isEqualTo(1500);

        s.api.post("/v1/subscriptions/" + sub + "/cancel", "{\"atPeriodEnd\":true}");
        s.advanceTo("2034-04-01T00:00:00Z");
        assertThat(s.invoices(sub, 3)).hasSize(3);
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void paying_voiding_crediting_and_invoicing_pending_lines_on_demand() {
        Scenario s = new Scenario("2035-01-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3100, 0);
        String pro = s.plan("Pro", "flat_rate", 6200, 0);
        String sub = s.subscribe(basic);
        String invoice = s.invoices(sub, 1).get(0).get("id").asText();

        Api.Response payDraft = s.api.post("/v1/invoices/" + invoice + "/pay", "{\"paidOutOfBand\":true}");
        assertThat(payDraft.status()).isEqualTo(409);
        assertThat(payDraft.body().get("error").get("allowedTransitions").toString()).isEqualTo("[\"open\"]");

        JsonNode finalized = s.api.post("/v1/invoices/" + invoice + "/finalize", null).data();
        assertThat(finalized.get("invoiceNumber").asText()).isEqualTo("INV-2035-000001");
        Api.Response notAddingUp = s.api.post("/v1/invoices/" + invoice + "/credit-notes",
                "{\"amountCents\":100,\"reason\":\"goodwill\",\"lines\":[{\"description\":\"a\",\"amountCents\":60}]}");
        assertThat(notAddingUp.status()).isEqualTo(400);
        assertThat(notAddingUp.body().get("error").get("details").get(0).get("field").asText()).isEqualTo("lines");
        JsonNode credited = s.api.post("/v1/invoices/" + invoice + "/credit-notes",
                "{\"amountCents\":100,\"reason\":\"goodwill\",\"lines\":[{\"description\":\"outage\","
                        + "\"amountCents\":60},{\"description\":\"late fix\",\"amountCents\":40}]}").data();
        assertThat(credited.get("amountDueCents").asLong()).isEqualTo(3000);
        JsonNode note = credited.get("creditNotes").get(0);
        assertThat(note.get("lines").size()).isEqualTo(2);
        assertThat(note.get("lines").get(0).get("description").asText()).isEqualTo("outage");
        assertThat(note.get("lines").get(1).get("amountCents").asLong()).isEqualTo(40);
        JsonNode paid = s.api.post("/v1/invoices/" + invoice + "/pay", "{\"paidOutOfBand\":true}").data();
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.get("amountPaidCents").asLong()).isEqualTo(3000);
        assertThat(s.api.post("/v1/invoices/" + invoice + "/void", null).status()).isEqualTo(409);
        JsonNode refund = s.api.post("/v1/invoices/" + invoice + "/credit-notes",
                "{\"amountCents\":500,\"reason\":\"refund as credit\"}").data();
        assertThat(refund.get("creditNotes").size()).isEqualTo(2);
        assertThat(s.api.post("/v1/invoices/" + invoice + "/credit-notes",
                "{\"amountCents\":5000,\"reason\":\"too much\"}").status()).isEqualTo(400);

        assertThat(s.api.post("/v1/invoices", "{\"subscriptionId\":\"" + sub + "\"}").status()).isEqualTo(409);
        s.advanceTo("2035-01-16T00:00:00Z");
        s.changePlan(sub, pro, "create_prorations");
        Api.Response onDemand = s.api.post("/v1/invoices", "{\"subscriptionId\":\"" + sub + "\"}");
        assertThat(onDemand.status()).as(onDemand.toString()).isEqualTo(201);
        // the pending credit and debit, less the 500 customer credit from the paid invoice's credit note
        assertThat(amounts(onDemand.data())).containsExactly(-1600L, 3200L, -500L);
        assertThat(onDemand.data().get("billingReason").asText()).isEqualTo("manual");
        // the subscription names the lines it invoiced and holds them no longer
        await().atMost(Duration.ofSeconds(5)).until(() ->
                s.api.get("/v1/subscriptions/" + sub).data().get("pendingProrationLines").isEmpty());
        assertThat(s.api.post("/v1/invoices", "{\"subscriptionId\":\"" + sub + "\"}").status()).isEqualTo(409);

        String voidable = onDemand.data().get("id").asText();
        s.api.post("/v1/invoices/" + voidable + "/finalize", null);
        assertThat(s.api.post("/v1/invoices/" + voidable + "/void", null).data().get("status").asText())
                .isEqualTo("void");
        JsonNode history = s.api.get("/v1/invoices/" + invoice + "/history").data();
        assertThat(history.get(0).get("type").asText()).isEqualTo("InvoiceDrafted");
        assertThat(s.api.get("/v1/invoices?subscriptionId=" + sub + "&status=void").data().size()).isEqualTo(1);
    }

    @Test
    void a_year_with_a_plan_change_usage_and_a_cancel_makes_exactly_the_expected_invoices() {
        Scenario s = new Scenario("2036-01-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3100, 0);
        String metered = s.plan("Metered", "per_unit", 25, 0);
        String sub = s.subscribe(basic);

        s.advanceTo("2036-03-16T00:00:00Z"); // renewed on Feb 1 and Mar 1; 16 of March's 31 days remain
        s.changePlan(sub, metered, "create_prorations"); // credit −1600 waits; a per-unit plan has no fee to debit
        s.advanceTo("2036-03-21T00:00:00Z");
        assertThat(s.usage(sub, "march", 100, "2036-03-20T00:00:00Z").status()).isEqualTo(201);
        s.advanceTo("2036-04-10T00:00:00Z"); // renewed on Apr 1: March's usage in arrears and the pending credit
        assertThat(s.usage(sub, "april", 40, "2036-04-10T00:00:00Z").status()).isEqualTo(201);
        s.api.post("/v1/subscriptions/" + sub + "/cancel", "{\"atPeriodEnd\":true}");
        s.advanceTo("2036-12-31T00:00:00Z"); // canceled on May 1: April's usage on a final invoice; then nothing

        List<JsonNode> invoices = s.invoices(sub, 5);
        assertThat(invoices).extracting(i -> i.get("invoiceNumber").asText()).containsExactly("INV-2036-000001",
                "INV-2036-000002", "INV-2036-000003", "INV-2036-000004", "INV-2036-000005");
        assertThat(invoices).extracting(i -> i.get("billingReason").asText()).containsExactly("subscription_create",
                "subscription_cycle", "subscription_cycle", "subscription_cycle", "subscription_cancel");
        assertThat(invoices).extracting(i -> i.get("totalCents").asLong())
                .containsExactly(3100L, 3100L, 3100L, 900L, 1000L);
        assertThat(invoices).allSatisfy(i -> assertThat(i.get("status").asText()).isEqualTo("open"));
        JsonNode april = invoices.get(3);
        assertThat(april.get("lines").get(0).get("type").asText()).isEqualTo("usage_charge");
        assertThat(april.get("lines").get(0).get("quantity").asLong()).isEqualTo(100);
        assertThat(april.get("lines").get(0).get("periodStart").asText()).isEqualTo("2036-03-01T00:00:00.000Z");
        assertThat(amounts(april)).containsExactly(2500L, -1600L);
        JsonNode last = invoices.get(4);
        assertThat(amounts(last)).containsExactly(1000L);
        assertThat(last.get("lines").get(0).get("periodStart").asText()).isEqualTo("2036-04-01T00:00:00.000Z");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("canceled");
    }

    // ---- the four money bugs of issue 9, with the numbers ----

    @Test
    void a_change_in_a_short_first_period_credits_only_what_was_charged_for_the_time() {
        Scenario s = new Scenario("2025-01-31T10:00:00Z");
        String plan = s.plan("Capped", "flat_rate", 3100, 0);
        String sub = s.subscribe(plan);
        // [01-31 10:00, 02-28 10:00) is 28 of the 31 days of [01-28, 02-28): 3100 × 28/31
        assertThat(amounts(s.invoices(sub, 1).get(0))).containsExactly(2800L);

        s.advanceTo("2025-02-14T10:00:00Z"); // 14 of the 28 days remain: 1400 of the 2800 was charged for them
        s.changeQuantity(sub, plan, 2, "always_invoice");
        assertThat(amounts(s.invoices(sub, 2).get(1))).containsExactly(-1400L, 2800L);
    }

    @Test
    void a_quantity_change_in_a_short_first_year_credits_its_share_of_the_first_year_fee() {
        Scenario s = new Scenario("2027-01-01T00:00:00Z");
        String plan = s.plan("Yearly", "flat_rate", 36600, 0, "year");
        String sub = s.subscribe(plan, 28);
        // [2027-01-01, 01-28) is 27 of the 365 days of [2026-01-28, 2027-01-28): 36600 × 27/365 = 2707.4
        assertThat(amounts(s.invoices(sub, 1).get(0))).containsExactly(2707L);

        s.advanceTo("2027-01-14T00:00:00Z"); // 14 of the 27 days remain
        s.changeQuantity(sub, plan, 2, "always_invoice");
        assertThat(amounts(s.invoices(sub, 2).get(1))).containsExactly(-1404L, 2808L);
    }

    @Test
    void a_change_right_after_subscribing_on_the_wall_clock_credits_no_more_than_the_first_fee() {
        Api api = api();
        String customer = api.post("/v1/customers", "{\"name\":\"Wall\",\"email\":\"wall@example.com\"}")
                .data().get("id").asText();
        String plan = api.post("/v1/plans", "{\"name\":\"Wall plan\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":3000,\"billingInterval\":\"month\"}").data().get("id").asText();
        // any anchor day but today's makes the first period a partial one, whatever the date
        int anchor = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getDayOfMonth() % 28 + 1;
        Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + plan + "\",\"billingAnchorDay\":" + anchor + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String sub = created.data().get("id").asText();
        Scenario s = new Scenario(null);
        long firstFee = amounts(s.invoices(sub, 1).get(0)).get(0);
        assertThat(firstFee).isLessThan(3000);

        s.changeQuantity(sub, plan, 2, "always_invoice");
        List<Long> update = amounts(s.invoices(sub, 2).get(1));
        // seconds have passed since the first fee was charged: the credit is at most that fee, the debit twice it
        assertThat(update.get(0)).isBetween(-firstFee, -firstFee + 2);
        assertThat(update.get(1)).isBetween(2 * firstFee - 4, 2 * firstFee);
    }

    @Test
    void a_prorated_cancel_then_a_reactivation_then_a_change_credits_the_canceled_time_once() {
        Scenario s = new Scenario("2026-04-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3000, 0);
        String pro = s.plan("Pro", "flat_rate", 6000, 0);
        String sub = s.subscribe(basic);
        s.advanceTo("2026-04-11T00:00:00Z");
        s.cancel(sub, true);
        JsonNode credit = s.invoices(sub, 2).get(1);
        assertThat(amounts(credit)).containsExactly(-2000L);
        assertThat(credit.get("creditCarriedForwardCents").asLong()).isEqualTo(2000);
        s.advanceTo("2026-04-16T00:00:00Z");
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/reactivate", null).status()).isEqualTo(200);
        s.advanceTo("2026-04-21T00:00:00Z");

        s.changePlan(sub, pro, "always_invoice");
        // the reactivation owes Basic's [04-16, 05-01) again (1500; the cancel had credited it), pending
        // until this invoice; the change credits Basic's [04-21, 05-01) (-1000) and debits Pro's (2000);
        // the carried credit pays 2000 of it. April in all: 1000 + 500 of Basic and 2000 of Pro = 3500,
        // billed 3000 + 500; the canceled [04-11, 04-16) is credited once and never billed
        JsonNode update = s.invoices(sub, 3).get(2);
        assertThat(amounts(update)).containsExactly(-1000L, 2000L, 1500L, -2000L);
        assertThat(update.get("lines").get(3).get("type").asText()).isEqualTo("credit_applied");
        assertThat(update.get("totalCents").asLong()).isEqualTo(500);
    }

    @Test
    void two_invoiced_changes_at_one_instant_make_two_invoices() {
        Scenario s = new Scenario("2026-04-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3000, 0);
        String middle = s.plan("Middle", "flat_rate", 4500, 0);
        String pro = s.plan("Pro", "flat_rate", 6000, 0);
        String sub = s.subscribe(basic);
        s.advanceTo("2026-04-11T00:00:00Z"); // 20 of 30 days remain

        s.changePlan(sub, middle, "always_invoice");
        s.changePlan(sub, pro, "always_invoice");
        List<JsonNode> invoices = s.invoices(sub, 3);
        // drafted at one instant, so the listing may show them in either order
        assertThat(invoices.subList(1, 3)).extracting(InvoicingEndToEndTest::amounts)
                .containsExactlyInAnyOrder(List.of(-2000L, 3000L), List.of(-3000L, 4000L));
    }

    @Test
    void a_second_cancel_in_one_period_makes_its_own_invoice() {
        Scenario s = new Scenario("2026-04-01T00:00:00Z");
        String basic = s.plan("Basic", "flat_rate", 3000, 0);
        String middle = s.plan("Middle", "flat_rate", 4500, 0);
        String sub = s.subscribe(basic);
        s.advanceTo("2026-04-06T00:00:00Z");
        s.changePlan(sub, middle, "create_prorations"); // −2500 and +3750 wait
        s.advanceTo("2026-04-08T00:00:00Z");
        s.cancel(sub, false);
        assertThat(amounts(s.invoices(sub, 2).get(1))).containsExactly(-2500L, 3750L);
        s.advanceTo("2026-04-10T00:00:00Z");
        assertThat(s.api.post("/v1/subscriptions/" + sub + "/reactivate", null).status()).isEqualTo(200);
        s.advanceTo("2026-04-16T00:00:00Z");

        s.cancel(sub, true); // 15 of 30 days of Middle, charged by the debit, are unused
        JsonNode second = s.invoices(sub, 3).get(2);
        assertThat(second.get("billingReason").asText()).isEqualTo("subscription_cancel");
        assertThat(amounts(second)).containsExactly(-2250L);
    }

    @Test
    void a_customers_credit_is_kept_per_currency_and_applied_only_to_invoices_in_that_currency() {
        Scenario s = new Scenario("2027-04-01T00:00:00Z");
        String dollars = s.plan("Dollars", "flat_rate", 3000, 0);
        String euros = s.plan("Euros", 6000, "eur");
        String usd = s.subscribe(dollars);
        s.advanceTo("2027-04-11T00:00:00Z");
        s.cancel(usd, true); // 20 of 30 days unused: 2000 usd carried forward
        assertThat(amounts(s.invoices(usd, 2).get(1))).containsExactly(-2000L);

        String eur = s.subscribe(euros); // a canceled subscription no longer binds the customer to usd
        JsonNode first = s.invoices(eur, 1).get(0);
        assertThat(amounts(first)).containsExactly(6000L); // the usd credit is not taken off a eur invoice
        String firstId = first.get("id").asText();
        s.api.post("/v1/invoices/" + firstId + "/finalize", null);
        s.api.post("/v1/invoices/" + firstId + "/pay", "{\"paidOutOfBand\":true}");
        s.api.post("/v1/invoices/" + firstId + "/credit-notes", "{\"amountCents\":500,\"reason\":\"goodwill\"}");
        s.awaitCreditBalances("[{\"currency\":\"eur\",\"amountCents\":500},"
                + "{\"currency\":\"usd\",\"amountCents\":2000}]");

        s.cancel(eur, false);
        String usdAgain = s.subscribe(dollars);
        assertThat(amounts(s.invoices(usdAgain, 1).get(0))).containsExactly(3000L, -2000L);
        s.awaitCreditBalances("[{\"currency\":\"eur\",\"amountCents\":500}]"); // usd used up: not shown

        List<String> credits = new ArrayList<>();
        s.api.get("/v1/customers/" + s.customer + "/history").data().forEach(event -> {
            if (event.get("type").asText().startsWith("CustomerCredit")) {
                credits.add(event.get("type").asText() + " " + event.get("payload").get("amountCents")
                        + " " + event.get("payload").get("currency").asText());
            }
        });
        assertThat(credits).containsExactly("CustomerCreditGranted 2000 usd", "CustomerCreditGranted 500 eur",
                "CustomerCreditApplied 2000 usd");
    }

    /**
     * Finalizing a metered draft by hand answers 200 with the open invoice (not 202 after a wait).
     * With usage: an invoice with nothing due is paid at once on finalization (docs/payments.md), and
     * this customer has no payment method, so a charged invoice stays open.
     */
    private void assertMeteredFinalizeAnswersAtOnce(Scenario s) {
        String plan = s.plan("Calls by hand", "per_unit", 10, 0);
        String sub = s.subscribe(plan);
        String periodStart = s.api.get("/v1/subscriptions/" + sub).data().get("currentPeriodStart").asText();
        Api.Response used = s.usage(sub, "by-hand-1", 3, periodStart);
        assertThat(used.status()).as(used.toString()).isEqualTo(201);
        s.advanceTo("2032-03-01T02:30:00Z"); // renewed at 02:00 (it began at 02:00), still a draft
        JsonNode draft = s.invoices(sub, 1).get(0);
        Api.Response finalized = s.api.post("/v1/invoices/" + draft.get("id").asText() + "/finalize", null);
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(200);
        // something is due and there is no card: it stays open whatever the payment process got to
        assertThat(finalized.data().get("status").asText()).isEqualTo("open");
        assertThat(finalized.data().get("amountDueCents").asLong()).isEqualTo(30);
        assertThat(finalized.data().get("invoiceNumber").isTextual()).isTrue();
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
            if (start == null) { // the wall clock: no customer of its own
                clock = null;
                customer = null;
                return;
            }
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
            customer = api.post("/v1/customers", "{\"name\":\"Billed Customer\",\"email\":\"billed@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        }

        String plan(String name, String model, long cents, int trialDays) {
            return plan(name, model, cents, trialDays, "month");
        }

        String plan(String name, String model, long cents, int trialDays, String interval) {
            return api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"" + model
                    + "\",\"amountCents\":" + cents + ",\"billingInterval\":\"" + interval
                    + "\",\"trialPeriodDays\":" + trialDays + "}").data().get("id").asText();
        }

        String plan(String name, long cents, String currency) {
            return api.post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":" + cents + ",\"currency\":\"" + currency + "\",\"billingInterval\":\"month\"}")
                    .data().get("id").asText();
        }

        /** Waits until the customer's answer shows exactly these credit balances (the read model follows). */
        void awaitCreditBalances(String json) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(api.get("/v1/customers/" + customer).data().get("creditBalances").toString())
                            .isEqualTo(json));
        }

        String subscribe(String plan) {
            return subscribe(plan, null);
        }

        String subscribe(String plan, Integer anchorDay) {
            Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                    + plan + "\"" + (anchorDay != null ? ",\"billingAnchorDay\":" + anchorDay : "") + "}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.data().get("id").asText();
        }

        void changePlan(String sub, String plan, String behaviour) {
            Api.Response changed = api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plan
                    + "\",\"prorationBehavior\":\"" + behaviour + "\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        }

        void changeQuantity(String sub, String plan, long quantity, String behaviour) {
            Api.Response changed = api.post("/v1/subscriptions/" + sub + "/change-plan", "{\"planId\":\"" + plan
                    + "\",\"quantity\":" + quantity + ",\"prorationBehavior\":\"" + behaviour + "\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        }

        void cancel(String sub, boolean prorate) {
            Api.Response canceled = api.post("/v1/subscriptions/" + sub + "/cancel", "{\"prorate\":" + prorate + "}");
            assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
        }

        Api.Response usage(String sub, String key, long quantity, String at) {
            return api.post("/v1/usage", "{\"subscriptionId\":\"" + sub + "\",\"idempotencyKey\":\"" + key
                    + "\",\"quantity\":" + quantity + ",\"timestamp\":\"" + at + "\"}");
        }

        void advanceTo(String instant) {
            Api.Response advanced = api.post("/v1/test-clocks/" + clock + "/advance",
                    "{\"frozenTime\":\"" + instant + "\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        /** The subscription's invoices, oldest first, once there are {@code count} and the read model shows them all. */
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
