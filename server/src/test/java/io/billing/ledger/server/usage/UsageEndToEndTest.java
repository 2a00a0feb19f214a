package io.billing.ledger.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.command.usage.UsageLedger;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Usage ingestion and its per-period summary, over HTTP on a real PostgreSQL, on test clocks for exact times. */
class UsageEndToEndTest extends EndToEndTest {

    @Autowired
    UsageLedger ledger;

    private String clock;
    private String subscription;
    private String meteredPlan;

    @BeforeEach
    void aMeteredSubscriptionOnATestClock() {
        clock = api().post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}").data().get("id").asText();
        String customer = api().post("/v1/customers", "{\"name\":\"Meter\",\"email\":\"m@example.com\",\"testClockId\":\""
                + clock + "\"}").data().get("id").asText();
        meteredPlan = api().post("/v1/plans", "{\"name\":\"API calls\",\"pricingModel\":\"per_unit\",\"amountCents\":25,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        subscription = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                + meteredPlan + "\"}").data().get("id").asText();
        advanceTo("2026-01-25T00:00:00Z"); // within the first period [01-01, 02-01)
    }

    @Test
    void a_new_record_is_201_and_a_repeated_key_is_200_with_the_original_record() {
        Api.Response created = api().withHeader("X-Request-Id", "usage-req-1")
                .post("/v1/usage", usage("key-1", 7, "2026-01-10T12:00:00Z"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode record = created.data();
        // a usage record is the seed's UsageEvent: an event id, the prefix docs/usage.md names
        assertThat(record.get("id").asText()).matches("^evt_[a-f0-9-]{36}$");
        assertThat(jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'recordId' FROM domain_event_entry
                WHERE payload_type LIKE '%UsageRecorded'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'idempotencyKey' = 'key-1'""", String.class))
                .isEqualTo(record.get("id").asText());
        assertThat(record.get("quantity").asLong()).isEqualTo(7);
        assertThat(record.get("periodStart").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(record.get("periodEnd").asText()).isEqualTo("2026-02-01T00:00:00.000Z");

        Api.Response repeated = api().post("/v1/usage", usage("key-1", 99, "2026-01-11T12:00:00Z"));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeated.data()).isEqualTo(record);
        assertThat(ledger.total(subscription, Instant.parse("2026-01-01T00:00:00Z")).quantity()).isEqualTo(7);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%UsageRecorded'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'idempotencyKey' = 'key-1'""", Long.class)).isEqualTo(1);
        java.util.Map<String, Object> stamp = jdbc.queryForMap("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' AS actor,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'requestId' AS request_id,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' AS correlation_id,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'traceId' AS trace_id
                FROM domain_event_entry WHERE payload_type LIKE '%UsageRecorded'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'idempotencyKey' = 'key-1'""");
        assertThat(stamp.get("actor")).isEqualTo(jdbc.queryForObject(
                "SELECT id FROM api_key_directory WHERE name = 'bootstrap'", String.class));
        assertThat(stamp.get("request_id")).isEqualTo("usage-req-1");
        // Axon's correlation ids, as a command's events carry them: the request is the root message
        assertThat(stamp.get("correlation_id")).isNotNull().isEqualTo(stamp.get("trace_id"));
    }

    @Test
    void records_are_refused_for_the_wrong_subscription_state_plan_time_or_shape() {
        // the subscription's time is its test clock's: 2026-01-25T00:00
        assertThat(api().post("/v1/usage", usage("f", 1, "2026-01-25T00:05:01Z")).status()).isEqualTo(400);
        assertThat(api().post("/v1/usage", usage("f", 1, "2026-01-25T00:04:59Z")).status()).isEqualTo(201);
        assertThat(api().post("/v1/usage", usage("zero", 0, "2026-01-01T00:00:00Z")).status()).isEqualTo(400);
        assertThat(api().post("/v1/usage", usage("x".repeat(256), 1, "2026-01-01T00:00:00Z")).status()).isEqualTo(400);
        assertThat(api().post("/v1/usage", "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"t\","
                + "\"quantity\":1.5,\"timestamp\":\"2026-01-01T00:00:00Z\"}").status()).isEqualTo(400);

        Api.Response unknown = api().post("/v1/usage", usage("sub_00000000-0000-0000-0000-000000000000", "u", 1,
                "2026-01-01T00:00:00Z"));
        assertThat(unknown.status()).isEqualTo(404);

        String customer = api().post("/v1/customers", "{\"name\":\"Flat\",\"email\":\"f@example.com\"}").data()
                .get("id").asText();
        String flatPlan = api().post("/v1/plans", "{\"name\":\"Flat\",\"pricingModel\":\"flat_rate\",\"amountCents\":100,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String flat = api().post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + flatPlan
                + "\"}").data().get("id").asText();
        Api.Response onFlat = api().post("/v1/usage", usage(flat, "flat", 1, Instant.now().toString()));
        assertThat(onFlat.status()).isEqualTo(409);
        assertThat(onFlat.body().get("error").get("message").asText()).contains("per_unit");
        // not a state transition: no currentStatus/allowedTransitions to act on
        assertThat(onFlat.body().get("error").has("currentStatus")).isFalse();
        assertThat(onFlat.body().get("error").has("allowedTransitions")).isFalse();

        api().post("/v1/subscriptions/" + subscription + "/cancel", "{}");
        Api.Response canceled = api().post("/v1/usage", usage("late", 1, "2026-01-01T00:00:00Z"));
        assertThat(canceled.status()).isEqualTo(409);
        assertThat(canceled.body().get("error").get("currentStatus").asText()).isEqualTo("canceled");
        assertThat(ledger.total(subscription, Instant.parse("2026-01-01T00:00:00Z")).records()).isEqualTo(1);
    }

    @Test
    void usage_for_a_period_before_the_previous_one_is_409_naming_the_period() {
        // periods: [01-01, 02-01), [02-01, 03-01), now [03-01, 04-01); January's invoice was finalized an
        // hour after its renewal (INVOICE_FINALIZE_DELAY), February's is still a draft
        advanceTo("2026-03-01T00:30:00Z");

        Api.Response closed = api().post("/v1/usage", usage("old", 1, "2026-01-15T00:00:00Z"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.body().get("error").get("message").asText()).contains("closed")
                .contains("2026-03-01T00:00:00Z");
        Api.Response previous = api().post("/v1/usage", usage("previous", 2, "2026-02-15T00:00:00Z"));
        assertThat(previous.status()).isEqualTo(201);
        assertThat(previous.data().get("periodStart").asText()).isEqualTo("2026-02-01T00:00:00.000Z");
    }

    @Test
    void a_batch_reports_each_record_in_request_order_and_stores_only_the_valid_new_ones() {
        api().post("/v1/usage", usage("seen", 3, "2026-01-02T00:00:00Z"));

        Api.Response batch = api().post("/v1/usage/batch", "{\"records\":["
                + usage("b-1", 5, "2026-01-03T00:00:00Z") + ","
                + usage("seen", 8, "2026-01-03T00:00:00Z") + ","
                + "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"b-bad\",\"quantity\":-1,"
                + "\"timestamp\":\"2026-01-03T00:00:00Z\"}" + ","
                + usage("sub_00000000-0000-0000-0000-000000000000", "b-unknown", 1, "2026-01-03T00:00:00Z") + ","
                + usage("b-1", 6, "2026-01-04T00:00:00Z") + ","
                + "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"b-x\",\"quantity\":1,"
                + "\"timestamp\":\"2026-01-03T00:00:00Z\",\"colour\":\"red\"}"
                + "]}");

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        JsonNode results = batch.data();
        assertThat(results.size()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(results.get(0).get("status").asText()).isEqualTo("created");
        assertThat(results.get(1).get("status").asText()).isEqualTo("duplicate");
        assertThat(results.get(1).get("record").get("quantity").asLong()).isEqualTo(3);
        assertThat(results.get(2).get("status").asText()).isEqualTo("invalid");
        assertThat(results.get(2).get("error").get("field").asText()).isEqualTo("quantity");
        assertThat(results.get(3).get("status").asText()).isEqualTo("invalid");
        assertThat(results.get(3).get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(results.get(4).get("status").asText()).isEqualTo("duplicate");
        assertThat(results.get(4).get("record")).isEqualTo(results.get(0).get("record"));
        assertThat(results.get(5).get("status").asText()).isEqualTo("invalid");
        assertThat(ledger.total(subscription, Instant.parse("2026-01-01T00:00:00Z")).quantity()).isEqualTo(3 + 5);

        assertThat(api().post("/v1/usage/batch", "{\"records\":[]}").status()).isEqualTo(400);
    }

    @Test
    void concurrent_requests_with_one_key_store_one_record() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int quantity = i + 1;
            calls.add(() -> api().post("/v1/usage", usage("same-key", quantity, "2026-01-05T00:00:00Z")));
        }
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> future : pool.invokeAll(calls)) {
            responses.add(future.get());
        }
        pool.shutdown();

        assertThat(responses.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(responses).allMatch(r -> r.status() == 201 || r.status() == 200);
        assertThat(responses.stream().map(r -> r.data().get("id").asText()).distinct()).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_records WHERE idempotency_key = 'same-key'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void the_summary_matches_every_record_accepted_in_parallel_across_a_period_boundary() throws Exception {
        advanceTo("2026-02-01T00:30:00Z"); // now [02-01, 03-01); [01-01, 02-01) open until its invoice is final
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<long[]>> clients = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int c = client;
            clients.add(() -> {
                long[] accepted = new long[2]; // [january, february]
                for (int batch = 0; batch < 8; batch++) {
                    StringBuilder body = new StringBuilder("{\"records\":[");
                    for (int r = 0; r < 100; r++) {
                        boolean january = (r + batch + c) % 2 == 0;
                        String at = january ? "2026-01-31T23:" + two(r % 60) + ":00Z" : "2026-02-01T00:" + two(r % 60) + ":00Z";
                        body.append(r == 0 ? "" : ",").append(usage(UUID.randomUUID().toString(), r + 1, at));
                    }
                    // a duplicate in every batch: counted once
                    body.append(",").append(usage("dup-" + c + "-" + batch, 1000, "2026-02-01T00:30:00Z")).append(",")
                            .append(usage("dup-" + c + "-" + batch, 1000, "2026-02-01T00:30:00Z")).append("]}");
                    JsonNode results = api().post("/v1/usage/batch", body.toString()).data();
                    for (JsonNode result : results) {
                        if (result.get("status").asText().equals("created")) {
                            JsonNode record = result.get("record");
                            int slot = record.get("periodStart").asText().startsWith("2026-01") ? 0 : 1;
                            accepted[slot] += record.get("quantity").asLong();
                        }
                    }
                }
                return accepted;
            });
        }
        long january = 0;
        long february = 0;
        for (Future<long[]> future : pool.invokeAll(clients)) {
            january += future.get()[0];
            february += future.get()[1];
        }
        pool.shutdown();
        assertThat(january).isPositive();
        assertThat(february).isPositive();

        assertThat(ledger.total(subscription, Instant.parse("2026-01-01T00:00:00Z")).quantity()).isEqualTo(january);
        assertThat(ledger.total(subscription, Instant.parse("2026-02-01T00:00:00Z")).quantity()).isEqualTo(february);

        JsonNode current = api().get("/v1/usage/subscriptions/" + subscription + "/summary").data();
        assertThat(current.get("periodStart").asText()).isEqualTo("2026-02-01T00:00:00.000Z");
        assertThat(current.get("periodEnd").asText()).isEqualTo("2026-03-01T00:00:00.000Z");
        assertThat(current.get("totalQuantity").asLong()).isEqualTo(february);
        assertThat(current.get("amountCents").asLong()).isEqualTo(february * 25);
        assertThat(current.get("open").asBoolean()).isTrue();
        JsonNode previous = api().get("/v1/usage/subscriptions/" + subscription
                + "/summary?periodStart=2026-01-01T00:00:00Z").data();
        assertThat(previous.get("totalQuantity").asLong()).isEqualTo(january);
        assertThat(previous.get("eventCount").asLong()).isEqualTo(
                ledger.total(subscription, Instant.parse("2026-01-01T00:00:00Z")).records());
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private void advanceTo(String instant) {
        api().post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + instant + "\"}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
    }

    private String usage(String key, long quantity, String timestamp) {
        return usage(subscription, key, quantity, timestamp);
    }

    private static String usage(String subscriptionId, String key, long quantity, String timestamp) {
        return "{\"subscriptionId\":\"" + subscriptionId + "\",\"idempotencyKey\":\"" + key + "\",\"quantity\":"
                + quantity + ",\"timestamp\":\"" + timestamp + "\",\"properties\":{\"endpoint\":\"/search\"}}";
    }
}
