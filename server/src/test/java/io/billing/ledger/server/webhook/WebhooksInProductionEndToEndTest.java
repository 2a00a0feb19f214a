package io.billing.ledger.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * NODE_ENV=production: only https:// endpoints, none on the server's own networks, at
 * registration and again before each delivery attempt (a name may resolve elsewhere later).
 */
@TestPropertySource(properties = {"billing.node-env=production", "billing.webhooks.poll-interval=50ms",
        "billing.webhooks.retry-schedule=10m"})
class WebhooksInProductionEndToEndTest extends EndToEndTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://93.184.215.14/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
            "https://192.168.0.10/hook", "https://172.16.5.4/hook", "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook", "https://[fd00::1]/hook", "https://0.0.0.0/hook", "https://100.64.0.1/hook",
            "https://localhost/hook", "https://[::ffff:127.0.0.1]/hook"})
    void an_endpoint_outside_https_or_on_an_internal_address_is_refused(String url) {
        Api.Response refused = api().post("/v1/webhook-subscriptions", "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().get("error").get("details").findValuesAsText("field")).contains("url");
        assertThat(api().patch("/v1/webhook-subscriptions/wh_00000000-0000-0000-0000-000000000000",
                "{\"url\":\"" + url + "\"}").status()).isEqualTo(400);
    }

    @Test
    void a_delivery_to_an_address_that_became_internal_is_refused_before_any_request() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response created = api().post("/v1/webhook-subscriptions",
                    "{\"url\":\"https://93.184.215.14/hook\",\"eventTypes\":[\"plan.created\"]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String endpointId = created.data().get("id").asText();
            // as if its name now resolved to this machine (DNS rebinding)
            jdbc.update("UPDATE webhook_endpoints SET url = ? WHERE endpoint_id = ?",
                    receiver.url("/hook").replace("http://", "https://"), endpointId);

            assertThat(api().post("/v1/plans", "{\"name\":\"Prod\",\"pricingModel\":\"flat_rate\",\"amountCents\":100,"
                    + "\"billingInterval\":\"month\"}").status()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/v1/webhook-events?webhookSubscriptionId="
                    + endpointId).data().path(0).path("attemptCount").asInt() == 1);
            JsonNode delivery = api().get("/v1/webhook-events?webhookSubscriptionId=" + endpointId).data().get(0);
            assertThat(delivery.get("status").asText()).isEqualTo("pending");
            assertThat(delivery.get("attempts").get(0).get("error").asText())
                    .startsWith("refused: url must not resolve to a loopback, private or link-local address");
            assertThat(delivery.get("attempts").get(0).get("statusCode").isNull()).isTrue();
            assertThat(receiver.at("/hook")).isEmpty();
        }
    }
}
