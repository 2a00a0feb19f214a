package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, "Done when": a generated corpus of hostile requests (seeded, so a failure can be
 * replayed) against every POST and PATCH endpoint the server maps, enumerated from the handler
 * mapping so that a new endpoint is fuzzed without anyone remembering it. No answer may be a
 * 5xx, a refused request may append no event, and afterwards every read model still follows.
 */
class HostileInputFuzzTest extends EndToEndTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 640);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    /** Well-formed bodies to mutate, per endpoint; an endpoint not listed here is fuzzed from {@code {}}. */
    private static final Map<String, String> VALID_BODIES = Map.ofEntries(
            Map.entry("POST /v1/plans", "{\"name\":\"Fuzz\",\"description\":\"d\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":100,\"currency\":\"usd\",\"billingInterval\":\"month\",\"trialPeriodDays\":0,"
                    + "\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("PATCH /v1/plans/{planId}", "{\"name\":\"Fuzz\",\"description\":\"d\",\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("POST /v1/customers", "{\"name\":\"Fuzz\",\"email\":\"fuzz@example.com\",\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("PATCH /v1/customers/{customerId}", "{\"name\":\"Fuzz\",\"email\":\"fuzz@example.com\","
                    + "\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("POST /v1/subscriptions", "{\"customerId\":\"{customerId}\",\"planId\":\"{planId}\","
                    + "\"billingAnchorDay\":1,\"quantity\":1,\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("POST /v1/subscriptions/{subscriptionId}/cancel", "{\"atPeriodEnd\":true,\"prorate\":false}"),
            Map.entry("POST /v1/subscriptions/{subscriptionId}/change-plan", "{\"planId\":\"{planId}\",\"quantity\":2,"
                    + "\"prorationBehavior\":\"none\"}"),
            Map.entry("POST /v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\",\"name\":\"fuzz\"}"),
            Map.entry("POST /v1/test-clocks/{testClockId}/advance", "{\"frozenTime\":\"2026-01-02T00:00:00Z\"}"),
            Map.entry("POST /v1/api-keys", "{\"name\":\"fuzz\",\"scopes\":[\"billing:read\"],"
                    + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}"),
            Map.entry("POST /v1/usage", "{\"subscriptionId\":\"{subscriptionId}\",\"idempotencyKey\":\"u\",\"quantity\":1,"
                    + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":{\"k\":\"v\"}}"),
            Map.entry("POST /v1/usage/batch", "{\"records\":[{\"subscriptionId\":\"{subscriptionId}\","
                    + "\"idempotencyKey\":\"b\",\"quantity\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}"),
            Map.entry("POST /v1/invoices", "{\"subscriptionId\":\"{subscriptionId}\",\"metadata\":{\"k\":\"v\"}}"),
            Map.entry("PATCH /v1/invoices/{invoiceId}", "{\"metadata\":{\"k\":\"v\",\"gone\":null}}"),
            Map.entry("POST /v1/invoices/{invoiceId}/pay", "{\"paidOutOfBand\":true}"),
            Map.entry("POST /v1/invoices/{invoiceId}/credit-notes", "{\"amountCents\":1,\"reason\":\"r\","
                    + "\"lines\":[{\"description\":\"l\",\"amountCents\":1}]}"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    ProjectionReplays projections;

    private final Random random = new Random(SEED);
    private final Map<String, String> ids = new LinkedHashMap<>();

    @Test
    void hostile_requests_never_get_a_5xx_never_write_and_never_stall_a_read_model() {
        List<String> endpoints = writeEndpoints();
        assertThat(endpoints).as("POST/PATCH endpoints found in the handler mapping")
                .contains("POST /v1/plans", "PATCH /v1/customers/{customerId}", "POST /v1/usage/batch")
                .hasSizeGreaterThanOrEqualTo(20);
        resourcesToAimAt();

        List<Mutation> mutations = mutations();
        Map<String, Integer> perEndpoint = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String endpoint = endpoints.get(i % endpoints.size());
            Mutation mutation = mutations.get(random.nextInt(mutations.size()));
            Hostile request = mutation.apply(endpoint);
            String requestId = "fuzz-" + i;
            long headBefore = head();
            long countBefore = eventCount();

            Answer answer = send(endpoint, request, requestId);

            perEndpoint.merge(endpoint, 1, Integer::sum);
            perStatus.merge(answer.status(), 1, Integer::sum);
            String what = "#" + i + " " + endpoint + " [" + mutation.name() + "] → " + answer.status() + " "
                    + abbreviated(answer.body());
            if (answer.status() >= 500) {
                failures.add("5xx: " + what);
            }
            if (answer.status() >= 400 && answer.status() < 500) {
                if (!isErrorEnvelope(answer.body())) {
                    failures.add("not the error envelope: " + what);
                }
                if (eventCount() != countBefore && eventsOf(requestId, headBefore) > 0) {
                    failures.add("a refused request appended events: " + what);
                }
            }
        }

        assertThat(failures).as("seed " + SEED + "; statuses " + perStatus).isEmpty();
        assertThat(perEndpoint.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(REQUESTS / endpoints.size()));
        noReadModelStalled();
    }

    /** Every POST and PATCH the server maps, as "METHOD /pattern". */
    private List<String> writeEndpoints() {
        TreeSet<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                if (method == RequestMethod.POST || method == RequestMethod.PATCH) {
                    info.getPatternValues().forEach(pattern -> endpoints.add(method.name() + " " + pattern));
                }
            }
        }
        return new ArrayList<>(endpoints);
    }

    private void resourcesToAimAt() {
        Api api = api();
        ids.put("planId", created(api.post("/v1/plans", "{\"name\":\"Aim\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":100,\"billingInterval\":\"month\"}")));
        ids.put("customerId", created(api.post("/v1/customers", "{\"name\":\"Aim\",\"email\":\"aim@example.com\"}")));
        ids.put("subscriptionId", created(api.post("/v1/subscriptions", "{\"customerId\":\"" + ids.get("customerId")
                + "\",\"planId\":\"" + ids.get("planId") + "\"}")));
        ids.put("testClockId", created(api.post("/v1/test-clocks", "{\"frozenTime\":\"2026-01-01T00:00:00Z\"}")));
        // a key of its own to revoke: the admin key the test runs with must survive the fuzzing
        ids.put("apiKeyId", created(api.post("/v1/api-keys", "{\"name\":\"victim\",\"scopes\":[\"billing:read\"]}")));
        ids.put("invoiceId", await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode list = api.get("/v1/invoices?subscriptionId=" + ids.get("subscriptionId")).data();
            return list != null && list.size() > 0 ? list.get(0).get("id").asText() : null;
        }, id -> id != null));
    }

    // ---- the corpus --------------------------------------------------------------------------------

    record Hostile(String contentType, byte[] body, String idempotencyKey) {
        static Hostile json(String body) {
            return new Hostile("application/json", body.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    record Mutation(String name, Function<String, Hostile> generator) {
        Hostile apply(String endpoint) {
            return generator.apply(endpoint);
        }
    }

    private List<Mutation> mutations() {
        List<Mutation> all = new ArrayList<>();
        String[] controls = {"\\u0000", "\\u0001", "\\u0007", "\\u001b", "\\u007f", "\\u0085", "\\u009f", "\\n", "\\t",
                "\\r", "\\ud800", "\\udfff", "\\u0000\\u0000"};
        for (String control : controls) {
            all.add(new Mutation("control " + control + " in a value", endpoint ->
                    Hostile.json(replaceRandomValue(endpoint, "\"a" + control + "b\""))));
            all.add(new Mutation("control " + control + " in a key", endpoint ->
                    Hostile.json(addField(endpoint, "k" + control, "\"v\""))));
            all.add(new Mutation("control " + control + " in metadata", endpoint -> Hostile.json(
                    setField(endpoint, random.nextBoolean() ? "metadata" : "properties",
                            "{\"k" + (random.nextBoolean() ? control : "") + "\":\"v" + control + "\"}"))));
        }
        int[] depths = {33, 100, 999, 5000};
        for (int depth : depths) {
            all.add(new Mutation("nested " + depth + " deep", endpoint -> Hostile.json(replaceRandomValue(endpoint,
                    "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)))));
            all.add(new Mutation("arrays " + depth + " deep", endpoint -> Hostile.json(setField(endpoint, "metadata",
                    "[".repeat(depth) + "]".repeat(depth)))));
        }
        all.add(new Mutation("huge string", endpoint -> Hostile.json(replaceRandomValue(endpoint,
                "\"" + "x".repeat(20_000 + random.nextInt(200_000)) + "\""))));
        all.add(new Mutation("long string", endpoint -> Hostile.json(replaceRandomValue(endpoint,
                "\"" + "y".repeat(501 + random.nextInt(2000)) + "\""))));
        all.add(new Mutation("body above 1 MB", endpoint -> Hostile.json(setField(endpoint, "metadata",
                "{\"big\":\"" + "z".repeat(1024 * 1024 + 10) + "\"}"))));
        all.add(new Mutation("huge key", endpoint -> Hostile.json(addField(endpoint, "k".repeat(5000), "1"))));
        all.add(new Mutation("duplicate key", endpoint -> Hostile.json(duplicateKey(endpoint))));
        all.add(new Mutation("duplicate metadata key", endpoint -> Hostile.json(setField(endpoint, "metadata",
                "{\"k\":\"1\",\"k\":\"2\"}"))));
        for (String wrong : new String[] {"1", "-1", "true", "null", "[]", "{}", "\"\"", "[1,2,3]", "{\"a\":1}",
                "\"2026-01-01T00:00:00Z\"", "9223372036854775808", "-9223372036854775809", "0.5"}) {
            all.add(new Mutation("wrong type " + wrong, endpoint -> Hostile.json(replaceRandomValue(endpoint, wrong))));
        }
        for (String number : new String[] {"1e309", "-1e309", "1e99999999", "1e-400", "9".repeat(60),
                "0." + "1".repeat(60), "-0", "1E2"}) {
            all.add(new Mutation("number " + abbreviated(number), endpoint -> Hostile.json(
                    replaceRandomValue(endpoint, number))));
            all.add(new Mutation("number in metadata " + abbreviated(number), endpoint -> Hostile.json(
                    setField(endpoint, "metadata", "{\"n\":" + number + "}"))));
        }
        for (String time : new String[] {"1e300", "1700000000", "-1", "0", "1.5", "\"1e300\"",
                "\"+1000000000-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
                "\"2200-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"2026-01-01\""}) {
            all.add(new Mutation("time " + time, endpoint -> Hostile.json(setTimeField(endpoint, time))));
        }
        for (String metadata : new String[] {fiftyOneKeys(), "{\"" + "k".repeat(41) + "\":\"v\"}",
                "{\"k\":\"" + "v".repeat(501) + "\"}", "{\"\":\"v\"}", "{\"k\":{\"nested\":\"v\"}}", "{\"k\":[1]}",
                "[]", "\"str\"", "1", "{\"k\":null}", "{\"k\":1e309}"}) {
            all.add(new Mutation("metadata " + abbreviated(metadata), endpoint -> Hostile.json(
                    setField(endpoint, random.nextInt(4) == 0 ? "properties" : "metadata", metadata))));
        }
        byte[][] invalidUtf8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}};
        for (byte[] bad : invalidUtf8) {
            all.add(new Mutation("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad), endpoint ->
                    new Hostile("application/json", withBytesInAString(endpoint, bad), null)));
        }
        for (String garbage : new String[] {"", " ", "null", "[]", "\"text\"", "123", "{", "}", "{\"a\":", "{}}",
                "{\"a\":1} {\"b\":2}", "\u0000", "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "\ufeff{}", "NaN",
                "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "/* c */{}"}) {
            all.add(new Mutation("garbage " + abbreviated(garbage), endpoint -> Hostile.json(garbage)));
        }
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "*/*", "application/octet-stream", "application/json; charset=latin1",
                "application/json; charset=utf-16", "application/jsonx", "", "text/html", "application/*"}) {
            all.add(new Mutation("content type " + type, endpoint -> new Hostile(type,
                    body(endpoint).getBytes(StandardCharsets.UTF_8), null)));
        }
        all.add(new Mutation("random bytes", endpoint -> {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            return new Hostile("application/json", bytes, null);
        }));
        all.add(new Mutation("valid body, hostile idempotency key", endpoint -> new Hostile("application/json",
                body(endpoint).getBytes(StandardCharsets.UTF_8), "k".repeat(random.nextBoolean() ? 256 : 1))));
        return all;
    }

    private static String fiftyOneKeys() {
        return InputLimitsEndToEndTest.metadata(51, 3, 1);
    }

    private String body(String endpoint) {
        String body = VALID_BODIES.getOrDefault(endpoint, "{}");
        for (Map.Entry<String, String> id : ids.entrySet()) {
            body = body.replace("{" + id.getKey() + "}", id.getValue());
        }
        return body.replace("\"idempotencyKey\":\"u\"", "\"idempotencyKey\":\"" + UUID.randomUUID() + "\"");
    }

    /** The endpoint's body with one value (at the top or in a nested object) replaced by raw JSON text. */
    private String replaceRandomValue(String endpoint, String rawJson) {
        ObjectNode body = object(endpoint);
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() || random.nextInt(5) == 0 ? "extra" : names.get(random.nextInt(names.size()));
        return setRaw(body, name, rawJson);
    }

    private String setField(String endpoint, String name, String rawJson) {
        return setRaw(object(endpoint), name, rawJson);
    }

    private String addField(String endpoint, String rawName, String rawJson) {
        String body = body(endpoint);
        return body.startsWith("{") && body.length() > 2
                ? "{\"" + rawName + "\":" + rawJson + "," + body.substring(1)
                : "{\"" + rawName + "\":" + rawJson + "}";
    }

    private String setTimeField(String endpoint, String rawJson) {
        ObjectNode body = object(endpoint);
        for (String name : new String[] {"frozenTime", "timestamp", "expiresAt"}) {
            if (body.has(name)) {
                return setRaw(body, name, rawJson);
            }
        }
        if (body.has("records")) {
            return "{\"records\":[{\"subscriptionId\":\"" + ids.get("subscriptionId")
                    + "\",\"idempotencyKey\":\"t\",\"quantity\":1,\"timestamp\":" + rawJson + "}]}";
        }
        return setRaw(body, "frozenTime", rawJson);
    }

    private String duplicateKey(String endpoint) {
        ObjectNode body = object(endpoint);
        Iterator<String> names = body.fieldNames();
        String name = names.hasNext() ? names.next() : "name";
        String text = body(endpoint);
        return text.length() > 2 ? "{\"" + name + "\":\"dup\"," + text.substring(1) : "{\"a\":1,\"a\":2}";
    }

    /** Raw JSON text spliced in, so that what a mapper would escape or refuse to write reaches the server as is. */
    private String setRaw(ObjectNode body, String name, String rawJson) {
        body.remove(name);
        String rest = body.toString();
        String member = "\"" + name + "\":" + rawJson;
        return rest.equals("{}") ? "{" + member + "}" : "{" + member + "," + rest.substring(1);
    }

    private byte[] withBytesInAString(String endpoint, byte[] bad) {
        String body = setField(endpoint, random.nextBoolean() ? "name" : "metadata", "\"@@\"");
        int at = body.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] before = body.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = body.substring(at + 2).getBytes(StandardCharsets.UTF_8);
        out.write(before, 0, before.length);
        out.write(bad, 0, bad.length);
        out.write(after, 0, after.length);
        return out.toByteArray();
    }

    private ObjectNode object(String endpoint) {
        try {
            return (ObjectNode) JSON.readTree(body(endpoint));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- sending and judging -----------------------------------------------------------------------

    record Answer(int status, String body) {
    }

    private Answer send(String endpoint, Hostile hostile, String requestId) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = aimed(endpoint.substring(endpoint.indexOf(' ') + 1));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(hostile.body()))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("X-Request-Id", requestId);
        if (!hostile.contentType().isEmpty()) {
            request.header("Content-Type", hostile.contentType());
        }
        if (hostile.idempotencyKey() != null) {
            request.header("Idempotency-Key", hostile.idempotencyKey());
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(endpoint + " failed to answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Path variables: mostly the real resource, sometimes a well-formed unknown id or garbage. */
    private String aimed(String pattern) {
        Matcher matcher = PATH_VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String real = ids.get(name);
            int dice = random.nextInt(10);
            String value = real == null || dice == 0 ? "fuzz-unknown"
                    : dice == 1 ? real.substring(0, real.indexOf('_') + 1) + UUID.randomUUID()
                    : real;
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static boolean isErrorEnvelope(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.path("error").path("code").isTextual()
                    && json.path("error").path("requestId").isTextual();
        } catch (IOException notJson) {
            return false;
        }
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    private long eventsOf(String requestId, long after) {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE global_index > ?
                  AND convert_from(meta_data, 'UTF8')::jsonb ->> 'requestId' = ?""", Long.class, after, requestId);
        return count == null ? 0 : count;
    }

    private void noReadModelStalled() {
        Api api = api();
        String plan = api.post("/v1/plans", "{\"name\":\"After\",\"pricingModel\":\"flat_rate\",\"amountCents\":1,"
                + "\"billingInterval\":\"month\"}").data().get("id").asText();
        String customer = api.post("/v1/customers", "{\"name\":\"After\",\"email\":\"after@example.com\"}")
                .data().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.get("/v1/plans/" + plan).status()).isEqualTo(200);
            assertThat(api.get("/v1/customers/" + customer).status()).isEqualTo(200);
        });
        for (String list : new String[] {"/v1/plans?pageSize=100", "/v1/customers?pageSize=100",
                "/v1/subscriptions?pageSize=100", "/v1/invoices?pageSize=100", "/v1/api-keys?pageSize=100"}) {
            assertThat(api.get(list).status()).as(list).isEqualTo(200);
        }
        long head = projections.headPosition();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(projections.positions()).allSatisfy((processor, position) ->
                        assertThat(position).as(processor).isGreaterThanOrEqualTo(head)));
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.data().get("id").asText();
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
