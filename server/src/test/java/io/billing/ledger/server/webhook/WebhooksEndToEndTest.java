package io.billing.ledger.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Outbound webhooks over HTTP end to end: a real receiver on a free port checks every header
 * and both signatures — Standard Webhooks with the stock library, the seed's with javax.crypto.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "billing.webhooks.retry-schedule=1s,1s,2s",
        "billing.webhooks.poll-interval=50ms"})
class WebhooksEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void a_new_endpoint_shows_its_secret_once_and_an_idempotent_replay_does_not() {
        Api keyed = api().withHeader("Idempotency-Key", "create-endpoint-" + UUID.randomUUID());
        String body = "{\"url\":\"" + receiver.url("/once") + "\",\"eventTypes\":[\"plan.created\"],\"description\":\"ops\"}";

        Api.Response created = keyed.post("/v1/webhook-subscriptions", body);
        Api.Response replayed = keyed.post("/v1/webhook-subscriptions", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode data = created.data();
        assertThat(data.get("id").asText()).matches("^wh_[a-f0-9-]{36}$");
        assertThat(data.get("url").asText()).isEqualTo(receiver.url("/once"));
        assertThat(data.get("eventTypes")).hasSize(1);
        assertThat(data.get("isActive").asBoolean()).isTrue();
        assertThat(data.get("description").asText()).isEqualTo("ops");
        assertThat(data.has("createdAt") && data.has("updatedAt")).isTrue();
        String secret = data.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.data().get("secret").isNull()).isTrue();
        assertThat(replayed.header("Idempotent-Secret-Omitted")).isEqualTo("secret");

        Api.Response read = api().get("/v1/webhook-subscriptions/" + data.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().has("secret")).isFalse();
        assertThat(read.data().get("url").asText()).isEqualTo(receiver.url("/once"));
        Api.Response list = api().get("/v1/webhook-subscriptions?pageSize=100");
        assertThat(list.body().get("meta").get("totalCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(list.raw()).doesNotContain(secret);
    }

    @Test
    void every_header_and_both_signatures_are_valid_and_the_payload_is_the_resource_as_the_api_shows_it()
            throws Exception {
        Endpoint endpoint = register("/signed", "[\"plan.created\"]");

        String planId = createPlan("Signed");

        WebhookReceiver.Received request = awaitOne("/signed");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        String id = request.header("X-Webhook-Id");
        assertThat(id).matches("^evt_[a-f0-9-]{36}$");
        assertThat(request.header("webhook-id")).isEqualTo(id);
        long timestamp = Long.parseLong(request.header("X-Webhook-Timestamp"));
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(timestamp));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
        assertThat(request.header("X-Webhook-Signature"))
                .isEqualTo("sha256=" + hmacHex(endpoint.secret(), request.body()));
        assertThatCode(() -> new Webhook(endpoint.secret()).verify(request.body(), request.headers()))
                .doesNotThrowAnyException();

        JsonNode payload = JSON.readTree(request.body());
        assertThat(fieldNames(payload)).containsExactlyInAnyOrder("id", "type", "createdAt", "data");
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("type").asText()).isEqualTo("plan.created");
        assertThat(payload.get("data")).isEqualTo(api().get("/v1/plans/" + planId).data());

        JsonNode logged = awaitDelivery(id, "delivered");
        assertThat(logged.get("webhookSubscriptionId").asText()).isEqualTo(endpoint.id());
        assertThat(logged.get("type").asText()).isEqualTo("plan.created");
        assertThat(logged.get("payload")).isEqualTo(payload);
        assertThat(logged.get("attemptCount").asInt()).isEqualTo(1);
        assertThat(logged.get("lastResponseStatus").asInt()).isEqualTo(200);
        assertThat(logged.get("attempts")).hasSize(1);
        assertThat(logged.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(200);
        assertThat(logged.get("attempts").get(0).get("responseBody").asText()).isEqualTo("ok");
    }

    @Test
    void an_endpoint_receives_only_the_types_it_asked_for() {
        register("/customers-only", "[\"customer.created\"]");
        register("/plans-only", "[\"plan.created\",\"plan.archived\"]");
        register("/everything", "[\"*\"]");

        String planId = createPlan("Filtered");
        String customerId = createCustomer();

        await().atMost(WAIT).until(() -> receiver.at("/everything").size() >= 2);
        await().atMost(WAIT).until(() -> receiver.at("/customers-only").size() >= 1
                && receiver.at("/plans-only").size() >= 1);
        assertThat(types("/customers-only")).containsOnly("customer.created");
        assertThat(types("/plans-only")).containsOnly("plan.created");
        assertThat(types("/everything")).contains("plan.created", "customer.created");
        assertThat(receiver.at("/everything").stream().map(WebhookReceiver.Received::body))
                .anyMatch(body -> body.contains(planId)).anyMatch(body -> body.contains(customerId));
    }

    @Test
    void an_outage_of_the_consumer_delays_the_delivery_but_loses_nothing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("/outage", request -> calls.incrementAndGet() <= 2
                ? WebhookReceiver.Answer.status(500) : WebhookReceiver.Answer.status(200));
        Endpoint endpoint = register("/outage", "[\"plan.created\"]");

        createPlan("Outage");

        await().atMost(WAIT).until(() -> receiver.at("/outage").size() >= 3);
        List<WebhookReceiver.Received> requests = receiver.at("/outage");
        assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        for (WebhookReceiver.Received request : requests) {
            new Webhook(endpoint.secret()).verify(request.body(), request.headers());
            assertThat(request.header("X-Webhook-Signature")).isEqualTo("sha256=" + hmacHex(endpoint.secret(), request.body()));
            assertThat(request.body()).isEqualTo(requests.get(0).body());
        }
        JsonNode delivery = awaitDelivery(requests.get(0).header("webhook-id"), "delivered");
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(delivery.get("attempts").findValuesAsText("statusCode")).containsExactly("500", "500", "200");
        assertThat(delivery.get("attempts").get(0).get("durationMs").isIntegralNumber()).isTrue();
    }

    @Test
    void a_410_disables_the_endpoint_with_an_event_and_fails_the_delivery() {
        receiver.answer("/gone", request -> WebhookReceiver.Answer.status(410));
        Endpoint endpoint = register("/gone", "[\"plan.created\"]");

        createPlan("Gone");

        await().atMost(WAIT).until(() -> !api().get("/v1/webhook-subscriptions/" + endpoint.id()).data()
                .get("isActive").asBoolean());
        String id = awaitOne("/gone").header("webhook-id");
        JsonNode delivery = awaitDelivery(id, "failed");
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastResponseStatus").asInt()).isEqualTo(410);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%WebhookEndpointDisabled'", Long.class, endpoint.id())).isEqualTo(1);

        createPlan("After gone");
        assertThat(receiver.at("/gone")).hasSize(1);
    }

    @Test
    void an_endpoint_that_failed_every_attempt_for_the_disable_after_period_is_disabled() {
        receiver.answer("/failing", request -> WebhookReceiver.Answer.status(503));
        Endpoint endpoint = register("/failing", "[\"plan.created\"]");
        // as if every attempt had failed since six days ago (WEBHOOK_DISABLE_AFTER is 5d)
        jdbc.update("UPDATE webhook_endpoints SET failing_since = now() - interval '6 days' WHERE endpoint_id = ?",
                endpoint.id());

        createPlan("Failing");

        await().atMost(WAIT).until(() -> !api().get("/v1/webhook-subscriptions/" + endpoint.id()).data()
                .get("isActive").asBoolean());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%WebhookEndpointDisabled' AND position(convert_to('failing', 'UTF8') in payload) > 0",
                Long.class, endpoint.id())).isEqualTo(1);
        // its delivery stays pending while the endpoint is off; re-activating it sends it
        receiver.answer("/failing", request -> WebhookReceiver.Answer.status(200));
        String id = awaitOne("/failing").header("webhook-id");
        assertThat(delivery(id).get("status").asText()).isEqualTo("pending");
        api().patch("/v1/webhook-subscriptions/" + endpoint.id(), "{\"isActive\":true}");
        awaitDelivery(id, "delivered");
    }

    @Test
    void retry_after_on_a_429_is_honoured() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("/throttled", request -> calls.incrementAndGet() == 1
                ? new WebhookReceiver.Answer(429, "slow down", Map.of("Retry-After", "3"))
                : WebhookReceiver.Answer.status(200));
        register("/throttled", "[\"plan.created\"]");

        createPlan("Throttled");

        String id = awaitOne("/throttled").header("webhook-id");
        await().atMost(WAIT).until(() -> delivery(id).get("attemptCount").asInt() == 1);
        JsonNode waiting = delivery(id);
        Instant last = Instant.parse(waiting.get("lastAttemptAt").asText());
        Instant next = Instant.parse(waiting.get("nextAttemptAt").asText());
        assertThat(Duration.between(last, next)).isGreaterThanOrEqualTo(Duration.ofMillis(2900)); // schedule says ~1s
        assertThat(waiting.get("attempts").get(0).get("responseBody").asText()).isEqualTo("slow down");
        awaitDelivery(id, "delivered");
    }

    @Test
    void a_stalled_endpoint_holds_at_most_its_share_of_workers_and_never_holds_back_another() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        receiver.answer("/stalled", request -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return WebhookReceiver.Answer.status(200);
        });
        register("/stalled", "[\"plan.updated\"]");
        register("/lively", "[\"plan.updated\"]");
        String planId = createPlan("Busy");

        for (int i = 0; i < 5; i++) {
            assertThat(api().patch("/v1/plans/" + planId, "{\"description\":\"v" + i + "\"}").status()).isEqualTo(200);
        }

        await().atMost(WAIT).until(() -> receiver.at("/lively").size() >= 5);
        assertThat(release.getCount()).as("the stalled endpoint was still stalled meanwhile").isEqualTo(1);
        assertThat(mostInFlight.get()).isEqualTo(2); // WEBHOOK_ENDPOINT_CONCURRENCY
        release.countDown();
        await().atMost(WAIT).until(() -> receiver.at("/stalled").stream().map(r -> r.header("webhook-id"))
                .distinct().count() == 5);
        assertThat(mostInFlight.get()).isEqualTo(2);
    }

    @Test
    void the_log_keeps_the_first_kilobyte_of_an_answer() {
        receiver.answer("/verbose", request -> new WebhookReceiver.Answer(200, "x".repeat(5000), Map.of()));
        register("/verbose", "[\"plan.created\"]");

        createPlan("Verbose");

        JsonNode delivery = awaitDelivery(awaitOne("/verbose").header("webhook-id"), "delivered");
        assertThat(delivery.get("attempts").get(0).get("responseBody").asText()).isEqualTo("x".repeat(1024));
    }

    @Test
    void after_a_rotation_both_secrets_sign_and_either_verifies() throws Exception {
        Endpoint endpoint = register("/rotated", "[\"plan.created\"]");
        Api.Response rotated = api().post("/v1/webhook-subscriptions/" + endpoint.id() + "/rotate-secret", null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.data().get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        Instant expires = Instant.parse(rotated.data().get("previousSecretExpiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        createPlan("Rotated");

        WebhookReceiver.Received request = awaitOne("/rotated");
        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(request.header("X-Webhook-Signature")).isEqualTo("sha256=" + hmacHex(newSecret, request.body())
                + " sha256=" + hmacHex(endpoint.secret(), request.body()));
        new Webhook(newSecret).verify(request.body(), request.headers());
        new Webhook(endpoint.secret()).verify(request.body(), request.headers());

        // 24 hours later (moved by hand): only the new secret signs
        jdbc.update("UPDATE webhook_endpoints SET previous_valid_until = now() - interval '1 second' WHERE endpoint_id = ?",
                endpoint.id());
        createPlan("Rotated later");
        await().atMost(WAIT).until(() -> receiver.at("/rotated").size() >= 2);
        WebhookReceiver.Received later = receiver.at("/rotated").get(1);
        assertThat(later.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(newSecret).verify(later.body(), later.headers());
        assertThatThrownBy(() -> new Webhook(endpoint.secret()).verify(later.body(), later.headers()))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void redeliver_sends_the_same_event_again() throws Exception {
        Endpoint endpoint = register("/redeliver", "[\"plan.created\"]");
        createPlan("Redeliver");
        WebhookReceiver.Received first = awaitOne("/redeliver");
        String id = first.header("webhook-id");
        awaitDelivery(id, "delivered");

        Api.Response redelivered = api().post("/v1/webhook-events/" + id + "/redeliver", null);

        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> receiver.at("/redeliver").size() >= 2);
        WebhookReceiver.Received second = receiver.at("/redeliver").get(1);
        assertThat(second.header("webhook-id")).isEqualTo(id);
        assertThat(second.body()).isEqualTo(first.body());
        new Webhook(endpoint.secret()).verify(second.body(), second.headers());
        await().atMost(WAIT).until(() -> delivery(id).get("attemptCount").asInt() == 2);
        assertThat(api().post("/v1/webhook-events/evt_" + UUID.randomUUID() + "/redeliver", null).status())
                .isEqualTo(404);
    }

    @Test
    void replay_sends_again_what_failed_in_a_window() {
        AtomicInteger mode = new AtomicInteger(500);
        receiver.answer("/replay", request -> WebhookReceiver.Answer.status(mode.get()));
        Endpoint endpoint = register("/replay", "[\"plan.created\"]");
        Instant since = Instant.now().minusSeconds(1);
        createPlan("Replay");
        await().atMost(WAIT).until(() -> !receiver.at("/replay").isEmpty());
        String id = receiver.at("/replay").get(0).header("webhook-id");
        // 1 + 3 retries (1s, 1s, 2s), then failed
        JsonNode failed = awaitDelivery(id, "failed");
        assertThat(failed.get("attemptCount").asInt()).isEqualTo(4);
        assertThat(failed.get("nextAttemptAt").isNull()).isTrue();
        mode.set(200);

        Api.Response replay = api().post("/v1/webhook-subscriptions/" + endpoint.id() + "/replay",
                "{\"since\":\"" + since + "\"}");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.data().get("count").asInt()).isEqualTo(1);
        assertThat(replay.data().get("status").asText()).isEqualTo("failed");
        JsonNode delivered = awaitDelivery(id, "delivered");
        assertThat(delivered.get("attemptCount").asInt()).isEqualTo(5);
        List<WebhookReceiver.Received> requests = receiver.at("/replay");
        assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct()).containsExactly(id);

        Api.Response nothingLeft = api().post("/v1/webhook-subscriptions/" + endpoint.id() + "/replay",
                "{\"since\":\"" + since + "\",\"status\":\"failed\"}");
        assertThat(nothingLeft.data().get("count").asInt()).isZero();
        assertThat(api().post("/v1/webhook-subscriptions/" + endpoint.id() + "/replay", "{}").status()).isEqualTo(400);
    }

    @Test
    void the_delivery_log_filters_by_endpoint_status_and_type() {
        Endpoint endpoint = register("/log", "[\"plan.created\",\"customer.created\"]");
        createPlan("Logged");
        createCustomer();
        await().atMost(WAIT).until(() -> api().get("/v1/webhook-events?status=delivered&webhookSubscriptionId="
                + endpoint.id()).body().get("meta").get("totalCount").asInt() == 2);

        Api.Response plans = api().get("/v1/webhook-events?type=plan.created&webhookSubscriptionId=" + endpoint.id());

        assertThat(plans.body().get("meta").get("totalCount").asInt()).isEqualTo(1);
        assertThat(plans.data().get(0).get("type").asText()).isEqualTo("plan.created");
        assertThat(api().get("/v1/webhook-events?status=pending&webhookSubscriptionId=" + endpoint.id())
                .body().get("meta").get("totalCount").asInt()).isZero();
        assertThat(api().get("/v1/webhook-events?status=nonsense").status()).isEqualTo(400);
        assertThat(api().get("/v1/webhook-events/evt_" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void a_test_event_goes_to_that_endpoint_only() throws Exception {
        Endpoint target = register("/test-target", "[\"invoice.paid\"]");
        register("/test-bystander", "[\"*\"]");

        Api.Response test = api().post("/v1/webhook-subscriptions/" + target.id() + "/test", null);

        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        assertThat(test.data().get("type").asText()).isEqualTo("webhook.test");
        WebhookReceiver.Received request = awaitOne("/test-target");
        assertThat(request.header("webhook-id")).isEqualTo(test.data().get("id").asText());
        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.get("type").asText()).isEqualTo("webhook.test");
        assertThat(payload.get("data").get("id").asText()).isEqualTo(target.id());
        new Webhook(target.secret()).verify(request.body(), request.headers());
        assertThat(types("/test-bystander")).doesNotContain("webhook.test");
    }

    @Test
    void patch_changes_the_endpoint_and_delete_stops_deliveries_but_keeps_the_log() {
        Endpoint endpoint = register("/patched", "[\"plan.created\"]");
        Api.Response patched = api().patch("/v1/webhook-subscriptions/" + endpoint.id(),
                "{\"eventTypes\":[\"customer.created\"],\"description\":\"renamed\",\"isActive\":false}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.data().get("eventTypes").get(0).asText()).isEqualTo("customer.created");
        assertThat(patched.data().get("isActive").asBoolean()).isFalse();
        assertThat(patched.data().get("description").asText()).isEqualTo("renamed");
        createCustomer();
        assertThat(api().patch("/v1/webhook-subscriptions/" + endpoint.id(), "{\"isActive\":true}").status())
                .isEqualTo(200);
        createCustomer();
        await().atMost(WAIT).until(() -> receiver.at("/patched").size() == 1);

        assertThat(api().send("DELETE", "/v1/webhook-subscriptions/" + endpoint.id(), null).status()).isEqualTo(204);

        assertThat(api().get("/v1/webhook-subscriptions/" + endpoint.id()).status()).isEqualTo(404);
        assertThat(api().send("DELETE", "/v1/webhook-subscriptions/" + endpoint.id(), null).status()).isEqualTo(404);
        createCustomer();
        assertThat(api().get("/v1/webhook-events?webhookSubscriptionId=" + endpoint.id())
                .body().get("meta").get("totalCount").asInt()).isEqualTo(1);
        String id = receiver.at("/patched").get(0).header("webhook-id");
        assertThat(api().post("/v1/webhook-events/" + id + "/redeliver", null).status()).isEqualTo(409);
    }

    @Test
    void bad_endpoints_are_refused_with_the_field_named() {
        assertRefused("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[]}", "eventTypes");
        assertRefused("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"plan.exploded\"]}", "eventTypes[0]");
        assertRefused("{\"url\":\"ftp://example.com/x\",\"eventTypes\":[\"*\"]}", "url");
        assertRefused("{\"url\":\"not a url\",\"eventTypes\":[\"*\"]}", "url");
        assertRefused("{\"url\":\"https://example.com/" + "a".repeat(2048) + "\",\"eventTypes\":[\"*\"]}", "url");
        assertRefused("{\"eventTypes\":[\"*\"]}", "url");
    }

    @Test
    void the_secret_is_in_no_table_and_no_log_in_plaintext(CapturedOutput output) {
        // with Idempotency-Keys, so that idempotency_keys holds both answers
        Api.Response created = api().withHeader("Idempotency-Key", "secret-create").post("/v1/webhook-subscriptions",
                "{\"url\":\"" + receiver.url("/secret") + "\",\"eventTypes\":[\"plan.created\"]}");
        Endpoint endpoint = new Endpoint(created.data().get("id").asText(), created.data().get("secret").asText());
        String rotated = api().withHeader("Idempotency-Key", "secret-rotate")
                .post("/v1/webhook-subscriptions/" + endpoint.id() + "/rotate-secret", null)
                .data().get("secret").asText();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys", Long.class)).isGreaterThanOrEqualTo(2);
        createPlan("Secret");
        awaitOne("/secret");

        for (String secret : List.of(endpoint.secret(), rotated)) {
            String base64 = secret.substring("whsec_".length());
            assertThat(columnsHolding(base64)).as("columns holding the secret").isEmpty();
            assertThat(output.getAll()).doesNotContain(base64);
        }
        // the search works: it finds what is there, in text and in bytea columns alike
        assertThat(columnsHolding(endpoint.id())).contains("webhook_endpoints.endpoint_id", "domain_event_entry.payload");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND position(convert_to('\"sealedSecret\":\"v1.', 'UTF8') in payload) > 0", Long.class, endpoint.id()))
                .isEqualTo(2);
    }

    /** Every column, of every table, that holds {@code text} in some row (bytea searched as UTF-8 bytes). */
    private List<String> columnsHolding(String text) {
        List<String> found = new java.util.ArrayList<>();
        for (Map<String, Object> column : jdbc.queryForList("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('bytea', 'text', 'character varying', 'character', 'jsonb', 'json')""")) {
            String name = "\"" + column.get("column_name") + "\"";
            String match = column.get("data_type").equals("bytea")
                    ? "position(convert_to(?, 'UTF8') in " + name + ") > 0"
                    : "position(? in " + name + "::text) > 0";
            Long hits = jdbc.queryForObject("SELECT count(*) FROM " + column.get("table_name") + " WHERE " + match,
                    Long.class, text);
            if (hits != null && hits > 0) {
                found.add(column.get("table_name") + "." + column.get("column_name"));
            }
        }
        return found;
    }

    @Test
    void a_subscriber_for_everything_receives_a_subscription_lifecycle_on_a_test_clock() throws Exception {
        Endpoint endpoint = register("/lifecycle", "[\"*\"]");
        String clock = api().post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-15T10:00:00Z\",\"name\":\"hooks\"}")
                .data().get("id").asText();
        String customer = api().post("/v1/customers", "{\"name\":\"Hooked\",\"email\":\"hooked@example.com\","
                + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        // the simulated processor charges every finalized invoice: payments go out too
        assertThat(api().post("/v1/customers/" + customer + "/payment-methods",
                "{\"paymentMethodId\":\"pm_card_visa\"}").status()).isEqualTo(201);
        String basic = createPlan("Basic");
        String pro = createPlan("Pro");
        String subscription = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + basic + "\"}").data().get("id").asText();
        assertThat(api().post("/v1/subscriptions/" + subscription + "/change-plan", "{\"planId\":\"" + pro + "\"}")
                .status()).isEqualTo(200);
        api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"2026-03-20T10:00:00Z\"}");
        await().atMost(WAIT).until(() -> api().get("/v1/test-clocks/" + clock).data().get("status").asText()
                .equals("ready"));
        // ready means the deliveries the advance caused are queued (the outbox is downstream work)
        long renewalsQueued = jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?"
                + " AND type = 'subscription.updated' AND resource_id = ?", Long.class, endpoint.id(), subscription);
        assertThat(renewalsQueued).isGreaterThanOrEqualTo(3); // the plan change and two renewals
        assertThat(api().post("/v1/subscriptions/" + subscription + "/cancel", "{\"atPeriodEnd\":true}").status())
                .isEqualTo(200);
        assertThat(api().post("/v1/subscriptions/" + subscription + "/reactivate", null).status()).isEqualTo(200);
        assertThat(api().post("/v1/subscriptions/" + subscription + "/cancel", "{}").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> types("/lifecycle").containsAll(List.of("customer.created", "plan.created",
                "subscription.created", "subscription.updated", "invoice.created", "invoice.finalized",
                "subscription.reactivated", "subscription.canceled", "invoice.paid", "payment.succeeded")));
        List<WebhookReceiver.Received> requests = receiver.at("/lifecycle");
        for (WebhookReceiver.Received request : requests) {
            new Webhook(endpoint.secret()).verify(request.body(), request.headers());
            assertThat(request.header("X-Webhook-Signature")).isEqualTo("sha256=" + hmacHex(endpoint.secret(), request.body()));
            JsonNode payload = JSON.readTree(request.body());
            String type = payload.get("type").asText();
            if (type.startsWith("subscription.")) {
                assertThat(payload.get("data").get("id").asText()).isEqualTo(subscription);
                assertThat(payload.get("data").has("status")).isTrue();
            } else if (type.startsWith("invoice.")) {
                assertThat(payload.get("data").get("id").asText()).startsWith("inv_");
                assertThat(payload.get("data").get("subscriptionId").asText()).isEqualTo(subscription);
            } else if (type.equals("payment.succeeded")) {
                assertThat(payload.get("data").get("id").asText()).startsWith("pay_");
                assertThat(payload.get("data").get("status").asText()).isIn("succeeded", "refunded", "disputed");
                assertThat(payload.get("data").get("customerId").asText()).isEqualTo(customer);
            }
        }
        JsonNode canceled = requests.stream().map(request -> {
            try {
                return JSON.readTree(request.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(payload -> payload.get("type").asText().equals("subscription.canceled")).findFirst().orElseThrow();
        assertThat(canceled.get("data").get("status").asText()).isEqualTo("canceled");
        assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct().count()).isEqualTo(requests.size());
    }

    private void assertRefused(String body, String field) {
        Api.Response refused = api().post("/v1/webhook-subscriptions", body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().get("error").get("details").findValuesAsText("field")).contains(field);
    }

    private Endpoint register(String path, String eventTypes) {
        Api.Response created = api().post("/v1/webhook-subscriptions",
                "{\"url\":\"" + receiver.url(path) + "\",\"eventTypes\":" + eventTypes + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Endpoint(created.data().get("id").asText(), created.data().get("secret").asText());
    }

    private String createPlan(String name) {
        Api.Response plan = api().post("/v1/plans", "{\"name\":\"" + name
                + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":2999,\"billingInterval\":\"month\"}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
        return plan.data().get("id").asText();
    }

    private String createCustomer() {
        Api.Response customer = api().post("/v1/customers", "{\"email\":\"c" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com\",\"name\":\"C\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        return customer.data().get("id").asText();
    }

    private WebhookReceiver.Received awaitOne(String path) {
        await().atMost(WAIT).until(() -> !receiver.at(path).isEmpty());
        return receiver.at(path).get(0);
    }

    private JsonNode delivery(String id) {
        return api().get("/v1/webhook-events/" + id).data();
    }

    private JsonNode awaitDelivery(String id, String status) {
        await().atMost(WAIT).until(() -> {
            Api.Response response = api().get("/v1/webhook-events/" + id);
            return response.status() == 200 && response.data().get("status").asText().equals(status);
        });
        return delivery(id);
    }

    private Set<String> types(String path) {
        return receiver.at(path).stream().map(request -> {
            try {
                return JSON.readTree(request.body()).get("type").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String hmacHex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private record Endpoint(String id, String secret) {
    }
}
