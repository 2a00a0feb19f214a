package io.billing.ledger.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "Done when": a subscriber registered for {@code *} receives, over a test-clock year
 * of a subscription with a plan change, a failed payment, dunning and a recovery, every one of
 * those events, each with valid seed and Standard Webhooks signatures.
 */
@TestPropertySource(properties = {
        "billing.dunning.enabled=true",
        "billing.webhooks.retry-schedule=1s,1s,2s",
        "billing.webhooks.poll-interval=50ms"})
class WebhooksThroughDunningEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void a_subscriber_for_everything_receives_a_year_with_a_plan_change_a_failed_payment_dunning_and_a_recovery()
            throws Exception {
        Api.Response created = api().post("/v1/webhook-subscriptions",
                "{\"url\":\"" + receiver.url("/everything") + "\",\"eventTypes\":[\"*\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.data().get("secret").asText();

        String clock = api().post("/v1/test-clocks", "{\"frozenTime\":\"2031-03-10T00:00:00Z\",\"name\":\"year\"}")
                .data().get("id").asText();
        String customer = api().post("/v1/customers", "{\"name\":\"Dunned\",\"email\":\"dunned@example.com\","
                + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        attach(customer, "pm_card_chargeDeclinedInsufficientFunds");
        String basic = plan("Basic", 2500);
        String pro = plan("Pro", 4000);
        String subscription = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + basic + "\"}").data().get("id").asText();
        assertThat(api().post("/v1/subscriptions/" + subscription + "/change-plan", "{\"planId\":\"" + pro + "\"}")
                .status()).isEqualTo(200);

        // the first invoice is finalized and charged an hour in: declined (soft), dunning starts;
        // the first retry (+1 h) fails too and the ladder notifies
        advance(clock, "2031-03-10T02:30:00Z");
        assertThat(api().get("/v1/subscriptions/" + subscription).data().get("status").asText()).isEqualTo("past_due");

        // a new card: retried at once, paid, the case resolved and the subscription recovered
        attach(customer, "pm_card_visa");
        await().atMost(WAIT).until(() -> api().get("/v1/subscriptions/" + subscription).data().get("status").asText()
                .equals("active"));
        advance(clock, "2032-03-11T00:00:00Z"); // the rest of the year, every renewal paid by the new card

        Set<String> expected = Set.of("subscription.created", "subscription.updated", "invoice.created",
                "invoice.finalized", "payment.failed", "dunning.started", "dunning.retry_scheduled",
                "dunning.escalated", "payment.succeeded", "invoice.paid", "dunning.resolved", "customer.created",
                "plan.created");
        await().atMost(WAIT).until(() -> types().containsAll(expected));

        List<WebhookReceiver.Received> requests = receiver.at("/everything");
        for (WebhookReceiver.Received request : requests) {
            new Webhook(secret).verify(request.body(), request.headers()); // Standard Webhooks, the stock library
            assertThat(request.header("X-Webhook-Signature")).isEqualTo("sha256=" + hmacHex(secret, request.body()));
            assertThat(request.header("X-Webhook-Id")).isEqualTo(request.header("webhook-id"));
        }
        assertThat(requests.stream().map(request -> request.header("webhook-id")).distinct().count())
                .as("each event once, under its own id").isEqualTo(requests.size());
        long renewalsPaid = requests.stream().map(WebhooksThroughDunningEndToEndTest::payload)
                .filter(payload -> payload.get("type").asText().equals("invoice.paid")).count();
        assertThat(renewalsPaid).as("the recovered invoice and twelve renewals").isGreaterThanOrEqualTo(13);
        JsonNode resolved = requests.stream().map(WebhooksThroughDunningEndToEndTest::payload)
                .filter(payload -> payload.get("type").asText().equals("dunning.resolved")).findFirst().orElseThrow();
        assertThat(resolved.get("data").get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("data").get("subscriptionId").asText()).isEqualTo(subscription);
    }

    private Set<String> types() {
        return receiver.at("/everything").stream().map(request -> payload(request).get("type").asText())
                .collect(Collectors.toSet());
    }

    private void attach(String customer, String paymentMethod) {
        Api.Response attached = api().post("/v1/customers/" + customer + "/payment-methods",
                "{\"paymentMethodId\":\"" + paymentMethod + "\",\"default\":true}");
        assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
    }

    private String plan(String name, long cents) {
        return api().post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":"
                + cents + ",\"billingInterval\":\"month\"}").data().get("id").asText();
    }

    private void advance(String clock, String to) {
        assertThat(api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + to + "\"}").status())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> api().get("/v1/test-clocks/" + clock).data().get("status").asText()
                .equals("ready"));
    }

    private static JsonNode payload(WebhookReceiver.Received request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacHex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
