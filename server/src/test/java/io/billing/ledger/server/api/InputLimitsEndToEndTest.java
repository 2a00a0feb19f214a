package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Issue 8 §2–3: what may go into the append-only store. Each case was accepted (or answered
 * 500) before the limits; now it is a 400 naming the field, or a 413, and writes nothing.
 */
class InputLimitsEndToEndTest extends EndToEndTest {

    private static final String NUL = "\\u0000";
    private static final String PLAN = "\"pricingModel\":\"flat_rate\",\"amountCents\":100,\"billingInterval\":\"month\"";

    private String planId;
    private String customerId;
    private String subscriptionId;
    private String clockId;
    private String invoiceId;

    @BeforeEach
    void resourcesToAimAt() {
        if (planId == null) {
            planId = created(api().post("/v1/plans", "{\"name\":\"Target\"," + PLAN + "}"));
            customerId = created(api().post("/v1/customers", "{\"name\":\"Target\",\"email\":\"t@example.com\"}"));
            subscriptionId = created(api().post("/v1/subscriptions",
                    "{\"customerId\":\"" + customerId + "\",\"planId\":\"" + planId + "\"}"));
            clockId = created(api().post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}"));
            invoiceId = anInvoice(); // the subscription's first invoice: the asynchronous work is done
        }
    }

    static Stream<Arguments> hostileStrings() {
        return Stream.of(
                arguments("NUL in a plan name", "POST", "/v1/plans", "{\"name\":\"a" + NUL + "b\"," + PLAN + "}", "name"),
                arguments("NUL in a plan description", "POST", "/v1/plans",
                        "{\"name\":\"a\",\"description\":\"" + NUL + "\"," + PLAN + "}", "description"),
                arguments("NUL in a plan metadata value", "POST", "/v1/plans",
                        "{\"name\":\"a\",\"metadata\":{\"foo\":\"x" + NUL + "\"}," + PLAN + "}", "metadata.foo"),
                arguments("NUL in a plan metadata key", "POST", "/v1/plans",
                        "{\"name\":\"a\",\"metadata\":{\"f" + NUL + "o\":\"x\"}," + PLAN + "}", "metadata"),
                arguments("a bell in a plan name", "POST", "/v1/plans", "{\"name\":\"a\\u0007\"," + PLAN + "}", "name"),
                arguments("a newline in a plan name", "POST", "/v1/plans", "{\"name\":\"a\\nb\"," + PLAN + "}", "name"),
                arguments("a tab in a plan name", "POST", "/v1/plans", "{\"name\":\"a\\tb\"," + PLAN + "}", "name"),
                arguments("DEL in a plan name", "POST", "/v1/plans", "{\"name\":\"a\\u007f\"," + PLAN + "}", "name"),
                arguments("a C1 control in a plan name", "POST", "/v1/plans", "{\"name\":\"a\\u0085\"," + PLAN + "}",
                        "name"),
                arguments("a lone surrogate in a plan name", "POST", "/v1/plans",
                        "{\"name\":\"a\\ud800\"," + PLAN + "}", "name"),
                arguments("NUL in a plan PATCH", "PATCH", "/v1/plans/{plan}", "{\"name\":\"" + NUL + "\"}", "name"),
                arguments("NUL in a customer name", "POST", "/v1/customers",
                        "{\"name\":\"" + NUL + "\",\"email\":\"n@example.com\"}", "name"),
                arguments("NUL in customer metadata", "POST", "/v1/customers",
                        "{\"name\":\"n\",\"email\":\"n@example.com\",\"metadata\":{\"crm\":\"" + NUL + "\"}}",
                        "metadata.crm"),
                arguments("NUL in a customer PATCH's metadata", "PATCH", "/v1/customers/{customer}",
                        "{\"metadata\":{\"crm\":\"" + NUL + "\"}}", "metadata.crm"),
                arguments("NUL in subscription metadata", "POST", "/v1/subscriptions",
                        "{\"customerId\":\"{customer}\",\"planId\":\"{plan}\",\"metadata\":{\"k\":\"" + NUL + "\"}}",
                        "metadata.k"),
                arguments("NUL in a test clock name", "POST", "/v1/test-clocks",
                        "{\"frozenTime\":\"2026-01-01T00:00:00Z\",\"name\":\"" + NUL + "\"}", "name"),
                arguments("NUL in an API key name", "POST", "/v1/api-keys",
                        "{\"name\":\"" + NUL + "\",\"scopes\":[\"billing:read\"]}", "name"),
                arguments("NUL in a usage idempotency key", "POST", "/v1/usage",
                        "{\"subscriptionId\":\"{subscription}\",\"idempotencyKey\":\"" + NUL + "\",\"quantity\":1,"
                                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}", "idempotencyKey"),
                arguments("NUL in a usage property", "POST", "/v1/usage",
                        "{\"subscriptionId\":\"{subscription}\",\"idempotencyKey\":\"k\",\"quantity\":1,"
                                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":{\"p\":\"" + NUL + "\"}}",
                        "properties.p"),
                arguments("NUL in a batch usage record", "POST", "/v1/usage/batch",
                        "{\"records\":[{\"subscriptionId\":\"{subscription}\",\"idempotencyKey\":\"k" + NUL
                                + "\",\"quantity\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}",
                        "records[0].idempotencyKey"),
                arguments("NUL in a credit note reason", "POST", "/v1/invoices/{invoice}/credit-notes",
                        "{\"amountCents\":1,\"reason\":\"" + NUL + "\"}", "reason"),
                arguments("NUL in a cancellation body", "POST", "/v1/subscriptions/{subscription}/cancel",
                        "{\"" + NUL + "\":true}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileStrings")
    void control_characters_are_refused_naming_the_field_and_nothing_is_written(String why, String method,
                                                                                String path, String body,
                                                                                String field) {
        assertRefused(field, () -> api().send(method, aim(path), aim(body)));
    }

    @Test
    void tabs_and_newlines_stay_allowed_in_free_text() {
        Api.Response plan = api().post("/v1/plans", "{\"name\":\"Free text\",\"description\":\"line 1\\nline 2\\tend\","
                + "\"metadata\":{\"note\":\"a\\r\\nb\"}," + PLAN + "}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
        assertThat(plan.data().get("description").asText()).isEqualTo("line 1\nline 2\tend");
    }

    @Test
    void nul_and_absurd_times_in_query_parameters_and_path_variables_are_never_a_500() {
        for (String path : new String[] {"/v1/plans?status=%00", "/v1/customers?email=%00", "/v1/customers?page=%00",
                "/v1/plans/plan_%00", "/v1/subscriptions?customerId=%00", "/v1/invoices?status=a%00b",
                "/v1/api-keys?name=%01", "/v1/plans?%00=1", "/v1/invoices?createdAfter=%2B1000000000-01-01T00:00:00Z",
                "/v1/invoices?createdBefore=-999999999-01-01T00:00:00Z", "/v1/subscriptions/" + subscriptionId
                        + "?asOf=%2B1000000000-01-01T00:00:00Z",
                "/v1/usage/subscriptions/" + subscriptionId + "/summary?periodStart=-999999999-01-01T00:00:00Z"}) {
            // %00 in the path itself is refused by Tomcat before any filter runs (a 400 of its own)
            Response response = raw("GET", path, null, null, false);
            assertThat(response.status()).as(path + " → " + response).isBetween(400, 499);
        }
    }

    static Stream<Arguments> oversizedOrOddJson() {
        String deep = "{\"a\":".repeat(999) + "1" + "}".repeat(999);
        return Stream.of(
                arguments("metadata nested 999 deep", "{\"name\":\"a\",\"metadata\":{\"x\":" + deep + "}," + PLAN + "}",
                        "metadata.x"),
                arguments("metadata nested one level", "{\"name\":\"a\",\"metadata\":{\"x\":{\"y\":\"z\"}}," + PLAN + "}",
                        "metadata"),
                arguments("a list in metadata", "{\"name\":\"a\",\"metadata\":{\"x\":[1]}," + PLAN + "}", "metadata"),
                arguments("51 metadata keys", "{\"name\":\"a\",\"metadata\":" + metadata(51, 1, 1) + "," + PLAN + "}",
                        "metadata"),
                arguments("a 41-character metadata key",
                        "{\"name\":\"a\",\"metadata\":" + metadata(1, 41, 1) + "," + PLAN + "}", "metadata"),
                arguments("an empty metadata key", "{\"name\":\"a\",\"metadata\":{\"\":\"v\"}," + PLAN + "}", "metadata"),
                arguments("a 501-character metadata value",
                        "{\"name\":\"a\",\"metadata\":" + metadata(1, 1, 501) + "," + PLAN + "}", "metadata"),
                arguments("a number as a metadata value (values are strings, as Stripe's)",
                        "{\"name\":\"a\",\"metadata\":{\"seats\":5}," + PLAN + "}", "metadata"),
                arguments("a duplicate key", "{\"name\":\"a\",\"name\":\"b\"," + PLAN + "}", "name"),
                arguments("a duplicate metadata key", "{\"name\":\"a\",\"metadata\":{\"k\":\"1\",\"k\":\"2\"}," + PLAN + "}",
                        "metadata.k"),
                arguments("an overflowing number in metadata", "{\"name\":\"a\",\"metadata\":{\"n\":1e309}," + PLAN + "}",
                        "metadata.n"),
                arguments("an overflowing amount", "{\"name\":\"a\",\"pricingModel\":\"flat_rate\",\"amountCents\":1e309,"
                        + "\"billingInterval\":\"month\"}", "amountCents"),
                arguments("a 200-digit amount", "{\"name\":\"a\",\"pricingModel\":\"flat_rate\",\"amountCents\":"
                        + "9".repeat(200) + ",\"billingInterval\":\"month\"}", "amountCents"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversizedOrOddJson")
    void oversized_or_odd_json_is_refused_naming_the_field(String why, String body, String field) {
        assertRefused(field, () -> api().post("/v1/plans", body));
        Api.Response list = api().get("/v1/plans");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
    }

    @Test
    void numeric_timestamps_and_times_out_of_range_are_refused() {
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks", "{\"frozenTime\":1e300}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks", "{\"frozenTime\":1700000000}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks", "{\"frozenTime\":\"2200-01-01T00:00:00Z\"}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks", "{\"frozenTime\":\"1999-12-31T23:59:59Z\"}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks", "{\"frozenTime\":\"+1000000000-01-01T00:00:00Z\"}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks/" + clockId + "/advance", "{\"frozenTime\":1e300}"));
        assertRefused("frozenTime", () -> api().post("/v1/test-clocks/" + clockId + "/advance",
                "{\"frozenTime\":\"2200-01-01T00:00:00Z\"}"));
        assertRefused("expiresAt", () -> api().post("/v1/api-keys", "{\"name\":\"k\",\"scopes\":[\"billing:read\"],"
                + "\"expiresAt\":\"+1000000000-01-01T00:00:00Z\"}"));
        assertRefused("timestamp", () -> api().post("/v1/usage", "{\"subscriptionId\":\"" + subscriptionId + "\",\"idempotencyKey\":\"t\","
                + "\"quantity\":1,\"timestamp\":1e300}"));

        Api.Response latest = api().post("/v1/test-clocks", "{\"frozenTime\":\"2199-12-31T23:59:59Z\"}");
        assertThat(latest.status()).as(latest.toString()).isEqualTo(201);
    }

    @Test
    void usage_properties_are_bounded_like_metadata() {
        String usage = "{\"subscriptionId\":\"" + subscriptionId + "\",\"idempotencyKey\":\"p\",\"quantity\":1,"
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":";
        assertRefused("properties", () -> api().post("/v1/usage", usage + metadata(51, 1, 1) + "}"));
        assertRefused("properties", () -> api().post("/v1/usage", usage + metadata(1, 41, 1) + "}"));
        assertRefused("properties", () -> api().post("/v1/usage", usage + metadata(1, 1, 501) + "}"));
        assertRefused("properties", () -> api().post("/v1/usage", usage + "{\"deep\":{\"er\":1}}}"));
    }

    @Test
    void a_body_above_the_limit_is_a_413_and_nothing_is_written() {
        long events = eventCount();
        String huge = "{\"name\":\"a\",\"metadata\":{\"x\":\"" + "v".repeat(10 * 1024 * 1024) + "\"}," + PLAN + "}";
        Response tooLarge = raw("POST", "/v1/plans", "application/json", huge.getBytes(), false);
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"PAYLOAD_TOO_LARGE\"").contains("\"requestId\"");

        String justAbove = "{\"name\":\"a\",\"description\":\"" + "d".repeat(1024 * 1024) + "\"," + PLAN + "}";
        Response chunked = raw("POST", "/v1/plans", "application/json", justAbove.getBytes(), true);
        assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"PAYLOAD_TOO_LARGE\"");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(api().get("/v1/plans").status()).isEqualTo(200);
    }

    @Test
    void the_usage_batch_takes_a_larger_body_than_the_other_endpoints() {
        String record = "{\"subscriptionId\":\"sub_00000000-0000-0000-0000-000000000000\",\"idempotencyKey\":\"%d\","
                + "\"quantity\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":" + metadata(3, 40, 400) + "}";
        String batch = IntStream.range(0, 1000).mapToObj(record::formatted)
                .collect(Collectors.joining(",", "{\"records\":[", "]}"));
        assertThat(batch.length()).isGreaterThan(1024 * 1024);
        Api.Response response = api().post("/v1/usage/batch", batch);
        assertThat(response.status()).as(response.raw().substring(0, 300)).isEqualTo(200);
        assertThat(response.data().get(0).get("status").asText()).isEqualTo("invalid");
    }

    @Test
    void the_largest_allowed_values_are_stored_and_read_back_everywhere() {
        String metadata = metadata(50, 40, 500);
        String plan = created(api().post("/v1/plans", "{\"name\":\"" + "P".repeat(100) + "\",\"description\":\""
                + "D".repeat(500) + "\",\"metadata\":" + metadata + "," + PLAN + "}"));
        assertThat(api().patch("/v1/plans/" + plan, "{\"name\":\"" + "Q".repeat(100) + "\",\"metadata\":" + metadata
                + "}").status()).isEqualTo(200);
        String customer = created(api().post("/v1/customers", "{\"name\":\"" + "C".repeat(200) + "\",\"email\":\""
                + "e".repeat(64) + "@" + "d".repeat(63) + ".example.com\",\"metadata\":" + metadata + "}"));
        assertThat(api().patch("/v1/customers/" + customer, "{\"metadata\":" + metadata + "}").status()).isEqualTo(200);
        String subscription = created(api().post("/v1/subscriptions", "{\"customerId\":\"" + customer
                + "\",\"planId\":\"" + plan + "\",\"metadata\":" + metadata + "}"));
        String clock = created(api().post("/v1/test-clocks", "{\"frozenTime\":\"2199-12-31T23:59:59Z\",\"name\":\""
                + "T".repeat(100) + "\"}"));
        String key = created(api().post("/v1/api-keys", "{\"name\":\"" + "K".repeat(100)
                + "\",\"scopes\":[\"billing:read\"]}"));

        for (String path : new String[] {"/v1/plans", "/v1/plans/" + plan, "/v1/customers", "/v1/customers/" + customer,
                "/v1/subscriptions", "/v1/subscriptions/" + subscription, "/v1/test-clocks/" + clock,
                "/v1/api-keys", "/v1/api-keys/" + key, "/v1/plans/" + plan + "/history",
                "/v1/customers/" + customer + "/history", "/v1/subscriptions/" + subscription + "/history"}) {
            Api.Response read = api().get(path);
            assertThat(read.status()).as(path + " → " + read.status()).isEqualTo(200);
        }
        JsonNode stored = api().get("/v1/customers/" + customer).data().get("metadata");
        assertThat(stored.size()).isEqualTo(50);
        stored.fields().forEachRemaining(entry -> {
            assertThat(entry.getKey()).hasSize(40);
            assertThat(entry.getValue().asText()).hasSize(500);
        });
    }

    @Test
    void an_event_stored_before_the_limits_with_deep_odd_metadata_stays_readable() {
        String plan = created(api().post("/v1/plans", "{\"name\":\"Old\"," + PLAN + "}"));
        String old = "plan_" + java.util.UUID.randomUUID();
        String metadata = "{\"deep\":" + "{\"a\":".repeat(200) + "\"x\"" + "}".repeat(200)
                + ",\"bell\":\"\\u0007\",\"list\":[1,[2]],\"" + "k".repeat(100) + "\":\"" + "v".repeat(10_000) + "\"}";
        // as the event store holds it from before the limits: written past today's request checks
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_revision, payload_type, time_stamp)
                SELECT ?, 0, type, ?, meta_data,
                       convert_to(jsonb_set(jsonb_set(convert_from(payload, 'UTF8')::jsonb, '{planId}', to_jsonb(?::text)),
                                            '{metadata}', ?::jsonb)::text, 'UTF8'),
                       payload_revision, payload_type, time_stamp
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""",
                old, java.util.UUID.randomUUID().toString(), old, metadata, plan);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response read = api().get("/v1/plans/" + old);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.data().get("metadata").get("bell").asText()).isEqualTo("\u0007");
        });
        Api.Response list = api().get("/v1/plans?pageSize=100");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(api().get("/v1/plans/" + old + "/history").status()).isEqualTo(200);
    }

    /** A JSON object of {@code keys} distinct keys of {@code keyLength} characters, each holding a value of {@code valueLength}. */
    static String metadata(int keys, int keyLength, int valueLength) {
        return IntStream.range(0, keys)
                .mapToObj(i -> "\"" + String.format("%0" + keyLength + "d", i) + "\":\"" + "v".repeat(valueLength) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private void assertRefused(String field, Supplier<Api.Response> request) {
        long events = eventCount();
        Api.Response response = request.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        if (field != null) {
            assertThat(response.body().get("error").get("details").findValuesAsText("field"))
                    .as(response.toString()).contains(field);
        }
        assertThat(response.raw()).doesNotContainIgnoringCase("exception")
                .doesNotContain("io.billing", "java.", "com.fasterxml", "\tat ");
        // nothing half-written: no event, and the read side keeps answering
        assertThat(eventCount()).as("events appended by " + response).isEqualTo(events);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get("/v1/plans?pageSize=1").status()).isEqualTo(200));
    }

    private String aim(String text) {
        if (text == null) {
            return null;
        }
        return text.replace("{plan}", planId).replace("{customer}", customerId)
                .replace("{subscription}", subscriptionId).replace("{invoice}", invoiceId);
    }

    private String anInvoice() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode list = api().get("/v1/invoices?subscriptionId=" + subscriptionId).data();
            return list != null && list.size() > 0 ? list.get(0).get("id").asText() : null;
        }, id -> id != null);
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.data().get("id").asText();
    }

    record Response(int status, String body) {
    }

    /** Bytes as they are, optionally without a Content-Length (chunked), which {@link Api} cannot send. */
    private Response raw(String method, String path, String contentType, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, publisher).header("Content-Type", contentType == null ? "application/json" : contentType)
                .header("Authorization", "Bearer " + ADMIN_KEY).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
