package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A POST answers the resource it produced even when the read model does not catch up: with the
 * directories' processors stopped and a tiny read-model wait, every write answers 201/200 with
 * the resource folded from its events (never a 202 placeholder), and once the processors run
 * again the read model shows exactly what the write answered.
 */
@TestPropertySource(properties = "billing.read-model.wait-timeout=PT0.2S")
class ReadModelFallbackEndToEndTest extends EndToEndTest {

    private static final List<String> DIRECTORIES = List.of("plan-catalog", "customer-directory", "api-key-directory",
            "test-clock-directory", "subscription-directory", "invoice-directory");

    @Autowired
    EventProcessingConfiguration processing;

    @AfterEach
    void startTheReadModels() {
        DIRECTORIES.forEach(name -> processing.eventProcessor(name).ifPresent(EventProcessor::start));
    }

    @Test
    void with_the_read_models_stopped_every_write_answers_the_resource_it_produced() {
        DIRECTORIES.forEach(name -> processing.eventProcessor(name).orElseThrow().shutDown());
        Api api = api();

        Api.Response key = api.post("/v1/api-keys", "{\"name\":\"slow\",\"scopes\":[\"billing:write\",\"billing:read\"]}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        assertThat(key.data().get("key").asText()).as("the secret, shown once").startsWith("blk_");
        assertThat(key.data().get("name").asText()).isEqualTo("slow");
        assertThat(key.data().get("scopes").toString()).isEqualTo("[\"billing:write\",\"billing:read\"]");
        String keyId = key.data().get("id").asText();

        Api.Response plan = api.post("/v1/plans", "{\"name\":\"Slow\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":1500,\"billingInterval\":\"month\"}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
        String planId = plan.data().get("id").asText();
        assertThat(plan.data().get("amountCents").asLong()).isEqualTo(1500);
        assertThat(api.get("/v1/plans/" + planId).status()).as("a plain read shows the read model only").isEqualTo(404);
        Api.Response renamed = api.patch("/v1/plans/" + planId, "{\"name\":\"Slower\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.data().get("name").asText()).isEqualTo("Slower");
        assertThat(renamed.data().get("version").asLong()).isEqualTo(1);

        Api.Response clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"2026-03-01T00:00:00Z\"}");
        assertThat(clock.status()).as(clock.toString()).isEqualTo(201);
        String clockId = clock.data().get("id").asText();
        Api.Response customer = api.post("/v1/customers", "{\"name\":\"Slow\",\"email\":\"slow@example.com\","
                + "\"testClockId\":\"" + clockId + "\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        String customerId = customer.data().get("id").asText();
        Api.Response subscription = api.post("/v1/subscriptions", "{\"customerId\":\"" + customerId
                + "\",\"planId\":\"" + planId + "\"}");
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        assertThat(subscription.data().get("status").asText()).isEqualTo("active");
        assertThat(subscription.data().get("currentPeriodStart").asText()).isEqualTo("2026-03-01T00:00:00.000Z");
        String subscriptionId = subscription.data().get("id").asText();
        String invoiceId = subscription.data().get("latestInvoiceId").asText();
        Api.Response finalized = api.post("/v1/invoices/" + invoiceId + "/finalize", null);
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(200);
        assertThat(finalized.data().get("status").asText()).isEqualTo("open");
        assertThat(finalized.data().get("customerName").asText()).isEqualTo("Slow");
        Api.Response revoked = api.post("/v1/api-keys/" + keyId + "/revoke", null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.data().get("isRevoked").asBoolean()).isTrue();

        startTheReadModels();
        ObjectNode keyAsCreated = ((ObjectNode) key.data().deepCopy());
        keyAsCreated.remove("key");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.get("/v1/plans/" + planId).data()).isEqualTo(renamed.data());
            assertThat(api.get("/v1/test-clocks/" + clockId).data()).isEqualTo(clock.data());
            assertThat(api.get("/v1/customers/" + customerId).data()).isEqualTo(customer.data());
            assertThat(api.get("/v1/subscriptions/" + subscriptionId).data()).isEqualTo(subscription.data());
            assertThat(api.get("/v1/invoices/" + invoiceId).data()).isEqualTo(finalized.data());
            assertThat(api.get("/v1/api-keys/" + keyId).data()).isEqualTo(revoked.data());
        });
        assertThat(keyAsCreated.get("createdAt")).isEqualTo(revoked.data().get("createdAt"));
    }

    @Test
    void no_post_answers_202() {
        JsonNode document = api().get("/v3/api-docs").body();
        document.path("paths").fields().forEachRemaining(path -> {
            JsonNode post = path.getValue().path("post");
            if (!post.isMissingNode() && !path.getKey().startsWith("/v1/admin/")) {
                assertThat(post.path("responses").has("202")).as("POST " + path.getKey() + " documents a 202").isFalse();
            }
        });
    }
}
