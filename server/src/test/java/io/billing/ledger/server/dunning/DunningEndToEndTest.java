package io.billing.ledger.server.dunning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.dunning.DunningCaseId;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 over the simulated processor on test clocks, with the default policy
 * (60,300,1800,7200,43200 minutes from the first failure; notify@1, pause@3, cancel@5). Each test
 * has its own clock and customer; the first invoice is finalized, and first charged, an hour after
 * the subscription starts (INVOICE_FINALIZE_DELAY).
 */
@TestPropertySource(properties = "billing.dunning.enabled=true")
class DunningEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @org.springframework.beans.factory.annotation.Autowired
    io.billing.ledger.projection.replay.ProjectionReplays replays;

    @Test
    void a_declined_card_runs_the_whole_default_ladder_to_the_minute_and_ends_canceled_and_uncollectible() {
        Scenario s = new Scenario("2031-01-10T00:00:00Z");
        s.attach("pm_card_chargeDeclined");
        String sub = s.subscribe();
        Instant t0 = Instant.parse("2031-01-10T01:00:00Z"); // finalized and first charged
        s.advanceTo("2031-02-09T02:00:00Z"); // past the fifth retry (+30 d), before the next period (02-10)

        String invoiceId = s.firstInvoice(sub);
        String dun = DunningCaseId.of(invoiceId);
        List<String> retries = List.of(at(t0, 60), at(t0, 300), at(t0, 1800), at(t0, 7200), at(t0, 43200));
        assertThat(eventTypes(dun)).containsExactly("DunningStarted",
                "PaymentRetryScheduled", "PaymentRetryAttempted", "DunningPaymentFailed", "DunningEscalated",
                "PaymentRetryScheduled", "PaymentRetryAttempted", "DunningPaymentFailed",
                "PaymentRetryScheduled", "PaymentRetryAttempted", "DunningPaymentFailed", "DunningEscalated",
                "PaymentRetryScheduled", "PaymentRetryAttempted", "DunningPaymentFailed",
                "PaymentRetryScheduled", "PaymentRetryAttempted", "DunningPaymentFailed", "DunningEscalated",
                "DunningExhausted");
        assertThat(payloads(dun, "DunningStarted").get(0).get("startedAt").asText()).isEqualTo(t0.toString());
        assertThat(payloads(dun, "PaymentRetryScheduled").stream().map(p -> p.get("retryAt").asText()).toList())
                .isEqualTo(retries);
        assertThat(payloads(dun, "PaymentRetryAttempted").stream().map(p -> p.get("attemptedAt").asText()).toList())
                .isEqualTo(retries);
        List<JsonNode> escalations = payloads(dun, "DunningEscalated");
        assertThat(escalations.stream().map(e -> e.get("action").asText() + "@" + e.get("step").asInt() + " "
                + e.get("escalatedAt").asText()).toList())
                .containsExactly("notify@1 " + retries.get(0), "pause@3 " + retries.get(2), "cancel@5 " + retries.get(4));

        // six charges of the invoice: the first and five retries, each at its time
        List<JsonNode> payments = s.payments(invoiceId);
        assertThat(payments).hasSize(6);
        List<String> charged = new ArrayList<>(payments.stream().map(p -> p.get("createdAt").asText()).toList());
        java.util.Collections.reverse(charged);
        List<String> expected = new ArrayList<>(List.of(ms(t0.toString())));
        retries.forEach(retry -> expected.add(ms(retry)));
        assertThat(charged).isEqualTo(expected);
        assertThat(payments).allMatch(p -> p.get("status").asText().equals("failed"));

        JsonNode subscription = s.api.get("/v1/subscriptions/" + sub).data();
        assertThat(subscription.get("status").asText()).isEqualTo("canceled");
        assertThat(eventTypes(sub)).containsSubsequence("SubscriptionMarkedPastDue", "SubscriptionPaused",
                "SubscriptionCanceled");
        assertThat(payloads(sub, "SubscriptionMarkedPastDue").get(0).get("markedAt").asText()).isEqualTo(t0.toString());
        assertThat(payloads(sub, "SubscriptionPaused").get(0).get("pausedAt").asText()).isEqualTo(retries.get(2));
        JsonNode canceled = payloads(sub, "SubscriptionCanceled").get(0);
        assertThat(canceled.get("canceledAt").asText()).isEqualTo(retries.get(4));
        assertThat(canceled.get("reason").asText()).isEqualTo("payment_failed");
        assertThat(s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText()).isEqualTo("uncollectible");
        assertThat(payloads(invoiceId, "InvoiceMarkedUncollectible").get(0).get("markedAt").asText())
                .isEqualTo(retries.get(4));

        JsonNode view = s.awaitCase(dun, "exhausted");
        Set<String> fields = new TreeSet<>();
        view.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("id", "invoiceId", "subscriptionId", "customerId", "status", "retryCount",
                "maxRetries", "nextRetryAt", "currentAction", "lastFailureCode", "lastDeclineCode", "resolvedAt",
                "resolution", "createdAt", "updatedAt", "attempts");
        assertThat(view.get("invoiceId").asText()).isEqualTo(invoiceId);
        assertThat(view.get("subscriptionId").asText()).isEqualTo(sub);
        assertThat(view.get("customerId").asText()).isEqualTo(s.customer);
        assertThat(view.get("retryCount").asInt()).isEqualTo(5);
        assertThat(view.get("maxRetries").asInt()).isEqualTo(5);
        assertThat(view.get("currentAction").asText()).isEqualTo("cancel");
        assertThat(view.get("nextRetryAt").isNull()).isTrue();
        assertThat(view.get("lastFailureCode").asText()).isEqualTo("card_declined");
        assertThat(view.get("lastDeclineCode").asText()).isEqualTo("generic_decline");
        assertThat(view.get("createdAt").asText()).isEqualTo(ms(t0.toString()));
        assertThat(view.get("attempts")).hasSize(5);
        assertThat(view.get("attempts").get(4).get("attemptedAt").asText()).isEqualTo(ms(retries.get(4)));
        assertThat(view.get("attempts").get(4).get("outcome").asText()).isEqualTo("failed");
        assertThat(s.api.get("/v1/invoices/" + invoiceId + "/dunning").data().get("id").asText()).isEqualTo(dun);
        Api.Response list = s.api.get("/v1/dunning?status=exhausted&customerId=" + s.customer);
        assertThat(list.data()).hasSize(1);
        assertThat(list.body().get("meta").get("totalCount").asLong()).isEqualTo(1);
        assertThat(s.api.get("/v1/dunning?status=active&subscriptionId=" + sub).data()).isEmpty();
        // the read model replays to the same rows (ProjectionRebuildEndToEndTest runs with dunning off)
        List<java.util.Map<String, Object>> cases = jdbc.queryForList("SELECT * FROM dunning_cases ORDER BY id");
        List<java.util.Map<String, Object>> attempts = jdbc.queryForList(
                "SELECT * FROM dunning_attempts ORDER BY dunning_id, retry_number");
        replays.replay("dunning-cases");
        assertThat(replays.awaitCaughtUp("dunning-cases", Duration.ofSeconds(60))).isTrue();
        assertThat(jdbc.queryForList("SELECT * FROM dunning_cases ORDER BY id")).isEqualTo(cases);
        assertThat(jdbc.queryForList("SELECT * FROM dunning_attempts ORDER BY dunning_id, retry_number"))
                .isEqualTo(attempts);

        // a closed case takes no override
        assertThat(s.api.post("/v1/dunning/" + dun + "/retry-now", null).status()).isEqualTo(409);
        assertThat(s.api.post("/v1/dunning/" + dun + "/resolve", "{\"reason\":\"late\"}").status()).isEqualTo(409);
    }

    @Test
    void insufficient_funds_then_a_new_card_after_the_second_retry_pays_at_once_and_recovers_the_subscription() {
        Scenario s = new Scenario("2031-03-01T00:00:00Z");
        s.attach("pm_card_chargeDeclinedInsufficientFunds");
        String sub = s.subscribe();
        Instant t0 = Instant.parse("2031-03-01T01:00:00Z");
        s.advanceTo("2031-03-01T06:30:00Z"); // after the second retry (+5 h)
        String invoiceId = s.firstInvoice(sub);
        String dun = DunningCaseId.of(invoiceId);
        assertThat(s.payments(invoiceId)).hasSize(3);
        JsonNode past = s.awaitCase(dun, "active");
        assertThat(past.get("retryCount").asInt()).isEqualTo(2);
        assertThat(past.get("nextRetryAt").asText()).isEqualTo(ms(at(t0, 1800)));
        assertThat(past.get("lastDeclineCode").asText()).isEqualTo("insufficient_funds");
        assertThat(past.get("currentAction").asText()).isEqualTo("notify");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("past_due");

        s.attach("pm_card_visa");
        JsonNode resolved = s.awaitCase(dun, "resolved");
        assertThat(resolved.get("resolution").asText()).isEqualTo("paid");
        assertThat(resolved.get("resolvedAt").asText()).isEqualTo("2031-03-01T06:30:00.000Z");
        assertThat(resolved.get("retryCount").asInt()).isEqualTo(3);
        JsonNode third = resolved.get("attempts").get(2);
        assertThat(third.get("trigger").asText()).isEqualTo("payment_method");
        assertThat(third.get("outcome").asText()).isEqualTo("succeeded");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText().equals("paid"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.api.get("/v1/subscriptions/" + sub).data().get("status").asText().equals("active"));
        assertThat(eventTypes(sub)).containsSubsequence("SubscriptionMarkedPastDue", "SubscriptionRecovered");

        // the pending third retry (+30 h) is cancelled: nothing more is charged
        s.advanceTo("2031-03-02T12:00:00Z");
        assertThat(s.payments(invoiceId)).hasSize(4);
        assertThat(eventTypes(dun)).last().isEqualTo("DunningResolved");
    }

    @Test
    void a_lost_card_is_not_retried_blindly_the_ladder_still_pauses_and_a_new_card_recovers_at_once() {
        Scenario s = new Scenario("2031-05-01T00:00:00Z");
        s.attach("pm_card_chargeDeclinedLostCard");
        String sub = s.subscribe();
        Instant t0 = Instant.parse("2031-05-01T01:00:00Z");
        s.advanceTo("2031-05-02T06:00:00Z"); // past +1 h and +5 h, before the pause step (+30 h = 05-02T07:00)
        String invoiceId = s.firstInvoice(sub);
        String dun = DunningCaseId.of(invoiceId);
        assertThat(s.payments(invoiceId)).hasSize(1); // no retries of a hard decline
        JsonNode waiting = s.awaitCase(dun, "active");
        assertThat(waiting.get("retryCount").asInt()).isZero();
        assertThat(waiting.get("nextRetryAt").isNull()).isTrue();
        assertThat(waiting.get("currentAction").asText()).isEqualTo("notify");
        assertThat(waiting.get("lastFailureKind").asText()).isEqualTo("hard");
        JsonNode notified = payloads(dun, "DunningEscalated").get(0);
        assertThat(notified.get("action").asText()).isEqualTo("notify");
        assertThat(notified.get("escalatedAt").asText()).isEqualTo(t0.toString());

        s.advanceTo("2031-05-02T08:00:00Z"); // the pause step passed without a retry
        assertThat(s.payments(invoiceId)).hasSize(1);
        assertThat(payloads(dun, "DunningEscalated").get(1).get("escalatedAt").asText()).isEqualTo(at(t0, 1800));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.api.get("/v1/subscriptions/" + sub).data().get("status").asText().equals("paused"));

        s.attach("pm_card_visa");
        JsonNode resolved = s.awaitCase(dun, "resolved");
        assertThat(resolved.get("resolution").asText()).isEqualTo("paid");
        assertThat(resolved.get("retryCount").asInt()).isEqualTo(1);
        assertThat(s.payments(invoiceId)).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.api.get("/v1/subscriptions/" + sub).data().get("status").asText().equals("active"));
    }

    @Test
    void a_charge_waiting_for_authentication_opens_a_case_that_notifies_at_once_with_the_link_and_waits() {
        Scenario s = new Scenario("2031-09-01T00:00:00Z");
        s.attach("pm_card_authenticationRequired");
        String sub = s.subscribe();
        s.advanceTo("2031-09-01T08:00:00Z"); // past +1 h and +5 h: no blind retry
        String invoiceId = s.firstInvoice(sub);
        String dun = DunningCaseId.of(invoiceId);
        JsonNode waiting = s.awaitCase(dun, "active");
        assertThat(waiting.get("lastFailureKind").asText()).isEqualTo("action_required");
        assertThat(waiting.get("currentAction").asText()).isEqualTo("notify");
        assertThat(waiting.get("retryCount").asInt()).isZero();
        assertThat(s.payments(invoiceId)).hasSize(1);
        JsonNode notified = payloads(dun, "DunningEscalated").get(0);
        assertThat(notified.get("escalatedAt").asText()).isEqualTo("2031-09-01T01:00:00Z");
        assertThat(notified.get("nextActionUrl").asText()).startsWith("https://");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("past_due");
    }

    @Test
    void operators_hold_retry_now_and_resolve_on_the_record() {
        Scenario s = new Scenario("2031-07-01T00:00:00Z");
        s.attach("pm_card_chargeDeclined");
        String sub = s.subscribe();
        s.advanceTo("2031-07-01T01:30:00Z"); // failed at 01:00; first retry due at 02:00
        String invoiceId = s.firstInvoice(sub);
        String dun = DunningCaseId.of(invoiceId);
        s.awaitCase(dun, "active");
        assertThat(s.api.get("/v1/dunning/dun_00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(s.api.post("/v1/dunning/dun_00000000-0000-0000-0000-000000000000/retry-now", null).status())
                .isEqualTo(404);

        Api.Response held = s.api.post("/v1/dunning/" + dun + "/pause-escalation", null);
        assertThat(held.status()).as(held.toString()).isEqualTo(200);
        assertThat(held.data().get("escalationPaused").asBoolean()).isTrue();
        s.advanceTo("2031-07-01T03:00:00Z");
        assertThat(s.payments(invoiceId)).hasSize(1); // held: the 02:00 retry did not happen
        Api.Response resumed = s.api.post("/v1/dunning/" + dun + "/resume-escalation", null);
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.data().get("nextRetryAt").asText()).isEqualTo("2031-07-01T03:00:00.000Z");
        s.advanceTo("2031-07-01T03:01:00Z");
        assertThat(s.payments(invoiceId)).hasSize(2);

        Api.Response now = s.api.post("/v1/dunning/" + dun + "/retry-now", null);
        assertThat(now.status()).as(now.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.payments(invoiceId).size() == 3
                && !s.api.get("/v1/dunning/" + dun).data().get("retryInFlight").asBoolean());
        assertThat(s.api.get("/v1/dunning/" + dun).data().get("attempts").get(1).get("trigger").asText())
                .isEqualTo("operator");

        assertThat(s.api.post("/v1/dunning/" + dun + "/resolve", "{\"reason\":\"  \"}").status()).isEqualTo(400);
        Api.Response resolved = s.api.post("/v1/dunning/" + dun + "/resolve", "{\"reason\":\"agreed a payment plan\"}");
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.data().get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.data().get("resolution").asText()).isEqualTo("manual");
        assertThat(s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText()).isEqualTo("open");
        JsonNode history = s.api.get("/v1/dunning/" + dun + "/history").data();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("DunningResolved");
        assertThat(last.get("actor").asText()).isNotBlank().doesNotStartWith("system:"); // the operator's key
        assertThat(history.get(0).get("actor").asText()).isEqualTo("system:dunning");
        assertThat(payloads(dun, "DunningResolved").get(0).get("reason").asText()).isEqualTo("agreed a payment plan");
        assertThat(s.api.post("/v1/dunning/" + dun + "/resolve", "{\"reason\":\"again\"}").status()).isEqualTo(409);
        // as it was, by the clock: opened at 01:00, held at 01:30, resumed at 03:00, resolved at 03:01
        assertThat(s.api.get("/v1/dunning/" + dun + "?asOf=2031-07-01T00:59:59Z").status()).isEqualTo(404);
        JsonNode opened = s.api.get("/v1/dunning/" + dun + "?asOf=2031-07-01T01:00:00Z").data();
        assertThat(opened.get("status").asText()).isEqualTo("active");
        assertThat(opened.get("escalationPaused").asBoolean()).isFalse();
        assertThat(opened.get("nextRetryAt").asText()).isEqualTo("2031-07-01T02:00:00.000Z");
        JsonNode heldThen = s.api.get("/v1/dunning/" + dun + "?asOf=2031-07-01T02:30:00Z").data();
        assertThat(heldThen.get("escalationPaused").asBoolean()).isTrue();
        assertThat(heldThen.get("nextRetryAt").isNull()).isTrue();
        JsonNode beforeResolution = s.api.get("/v1/dunning/" + dun + "?asOf=2031-07-01T03:00:59Z").data();
        assertThat(beforeResolution.get("status").asText()).isEqualTo("active");
        JsonNode resolvedThen = s.api.get("/v1/dunning/" + dun + "?asOf=2031-07-01T03:01:00Z").data();
        assertThat(resolvedThen.get("status").asText()).isEqualTo("resolved");
        assertThat(resolvedThen).isEqualTo(s.api.get("/v1/dunning/" + dun).data()); // one evolver, one answer
        assertThat(s.api.post("/v1/dunning/" + dun + "/retry-now", null).status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.api.get("/v1/subscriptions/" + sub).data().get("status").asText().equals("active"));
    }

    /** As the API shows a time: with milliseconds (event payloads keep the recorded form). */
    private static String ms(String instant) {
        return instant.replace("Z", ".000Z");
    }

    private static String at(Instant t0, long minutes) {
        return t0.plus(Duration.ofMinutes(minutes)).toString();
    }

    private List<String> eventTypes(String aggregateId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private List<JsonNode> payloads(String aggregateId, String type) {
        List<String> rows = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND payload_type LIKE ? ORDER BY sequence_number", String.class,
                aggregateId, "%." + type);
        List<JsonNode> nodes = new ArrayList<>();
        for (String row : rows) {
            try {
                nodes.add(JSON.readTree(row));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return nodes;
    }

    private final class Scenario {

        final Api api = api();
        final String clock;
        final String customer;

        Scenario(String start) {
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
            customer = api.post("/v1/customers", "{\"name\":\"Dunned Customer\",\"email\":\"dunned@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        }

        void attach(String paymentMethod) {
            Api.Response attached = api.post("/v1/customers/" + customer + "/payment-methods",
                    "{\"paymentMethodId\":\"" + paymentMethod + "\"}");
            assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
        }

        String subscribe() {
            String plan = api.post("/v1/plans", "{\"name\":\"Paid\",\"pricingModel\":\"flat_rate\",\"amountCents\":2500,"
                    + "\"billingInterval\":\"month\"}").data().get("id").asText();
            Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                    + plan + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.data().get("id").asText();
        }

        void advanceTo(String instant) {
            Api.Response advanced = api.post("/v1/test-clocks/" + clock + "/advance",
                    "{\"frozenTime\":\"" + instant + "\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        String firstInvoice(String sub) {
            return await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<JsonNode> invoices = new ArrayList<>();
                api.get("/v1/invoices?subscriptionId=" + sub).data().forEach(invoices::add);
                return invoices;
            }, invoices -> !invoices.isEmpty()).get(invoices(sub) - 1).get("id").asText();
        }

        private int invoices(String sub) {
            return api.get("/v1/invoices?subscriptionId=" + sub).data().size();
        }

        List<JsonNode> payments(String invoiceId) {
            List<JsonNode> payments = new ArrayList<>();
            api.get("/v1/payments?invoiceId=" + invoiceId).data().forEach(payments::add);
            return payments;
        }

        JsonNode awaitCase(String dunningId, String status) {
            return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/dunning/" + dunningId), r -> r.status() == 200
                            && r.data().get("status").asText().equals(status)).data();
        }
    }
}
