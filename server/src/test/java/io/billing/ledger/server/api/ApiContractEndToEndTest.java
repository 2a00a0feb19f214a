package io.billing.ledger.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire conventions of docs/api.md, checked on the whole API: the OpenAPI document the
 * server serves (every schema it holds, whoever added it) and the real JSON of one resource of
 * every kind, history included. Money is an integer {@code …Cents}, a span is
 * {@code periodStart}/{@code periodEnd}, a time is a date-time string with exactly three
 * fraction digits in UTC. The names that must stay otherwise are listed here, and in
 * docs/api.md, with their reason.
 */
class ApiContractEndToEndTest extends EndToEndTest {

    /** Names that break a rule below on purpose (docs/api.md, "Exceptions"). */
    static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            Map.entry("trialStart", "the seed's Subscription field (with trialEnd); not a billed period"),
            Map.entry("trialEnd", "the seed's Subscription field (with trialStart); not a billed period"),
            Map.entry("totalCount", "a count of list items (meta), not money"),
            Map.entry("totalPages", "a count of pages (meta), not money"),
            Map.entry("totalQuantity", "a count of usage units, not money"),
            Map.entry("since", "the webhook replay window's bound, as issue 13 names it (with until); not a billed period"),
            Map.entry("until", "the webhook replay window's bound, as issue 13 names it (with since); not a billed period"),
            Map.entry("from", "the window's start of the metrics (issue 17) and GET /v1/audit (issue 14), as the issues name it; not a billed period"),
            Map.entry("to", "the window's end of the metrics (issue 17) and GET /v1/audit (issue 14), as the issues name it; not a billed period"),
            Map.entry("customerChurnRate", "a ratio (issue 17), a decimal rounded to 4 places; not money"),
            Map.entry("revenueChurnRate", "a ratio (issue 17), a decimal rounded to 4 places; not money"));

    /** Words that make a numeric property money, unless it is a listed exception. */
    private static final List<String> MONEY_WORDS =
            List.of("amount", "price", "total", "subtotal", "tax", "balance", "credit", "due", "paid", "fee", "cost");
    private static final Set<String> BARE_SPAN_NAMES = Set.of("start", "end", "from", "to", "since", "until");
    private static final Pattern MILLISECOND_INSTANT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    private static final Pattern LOOKS_LIKE_A_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T.*");
    /** Free-form maps of the caller's own data: their keys and values are not ours to name. */
    private static final Set<String> FREE_FORM = Set.of("metadata", "properties");

    @Test
    void every_schema_in_the_openapi_document_follows_the_wire_conventions() {
        Api.Response document = api().get("/v3/api-docs");
        assertThat(document.status()).as(document.toString()).isEqualTo(200);
        JsonNode schemas = document.body().path("components").path("schemas");
        assertThat(schemas.size()).as("schemas in the document").isGreaterThan(10);

        List<String> violations = new ArrayList<>();
        schemas.fields().forEachRemaining(schema -> walkSchema(schema.getKey(), schema.getValue(), violations));
        document.body().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> operation.getValue().path("parameters").forEach(parameter -> checkName(
                        path.getKey() + " " + operation.getKey() + " ?" + parameter.path("name").asText(),
                        parameter.path("name").asText(), parameter.path("schema"), violations))));

        assertThat(violations).as("schema properties that break docs/api.md").isEmpty();
        // the rules do look at the schemas that matter
        assertThat(schemas.path("InvoiceView").path("properties").path("totalCents").path("type").asText())
                .isEqualTo("integer");
        assertThat(schemas.path("PlanView").path("properties").path("createdAt").path("format").asText())
                .isEqualTo("date-time");
    }

    @Test
    void the_json_of_every_kind_of_resource_follows_the_wire_conventions() {
        Api api = api();
        List<Answer> answers = new ArrayList<>();
        String clock = created(answers, api, "/v1/test-clocks",
                "{\"frozenTime\":\"2026-01-01T10:00:00Z\",\"name\":\"contract\"}");
        String customer = created(answers, api, "/v1/customers",
                "{\"name\":\"Contract\",\"email\":\"contract@example.com\",\"testClockId\":\"" + clock + "\"}");
        String basic = created(answers, api, "/v1/plans", "{\"name\":\"Basic\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":1000,\"billingInterval\":\"month\"}");
        String pro = created(answers, api, "/v1/plans", "{\"name\":\"Pro\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":3000,\"billingInterval\":\"month\"}");
        String metered = created(answers, api, "/v1/plans", "{\"name\":\"Calls\",\"pricingModel\":\"per_unit\","
                + "\"amountCents\":25,\"billingInterval\":\"month\"}");
        String subscription = created(answers, api, "/v1/subscriptions",
                "{\"customerId\":\"" + customer + "\",\"planId\":\"" + basic + "\"}");
        String usageSubscription = created(answers, api, "/v1/subscriptions",
                "{\"customerId\":\"" + customer + "\",\"planId\":\"" + metered + "\"}");
        created(answers, api, "/v1/api-keys", "{\"name\":\"contract\",\"scopes\":[\"billing:read\"]}");

        answer(answers, api.post("/v1/test-clocks/" + clock + "/advance?wait=true",
                "{\"frozenTime\":\"2026-01-10T10:00:00Z\"}"), "advance");
        answer(answers, api.post("/v1/subscriptions/" + subscription + "/change-plan",
                "{\"planId\":\"" + pro + "\",\"prorationBehavior\":\"create_prorations\"}"), "change-plan");
        JsonNode changed = api.get("/v1/subscriptions/" + subscription).data();
        assertThat(changed.path("pendingProrationLines").size()).as(changed.toString()).isEqualTo(2);
        String invoice = created(answers, api, "/v1/invoices", "{\"subscriptionId\":\"" + subscription + "\"}");
        answer(answers, api.post("/v1/invoices/" + invoice + "/finalize", null), "finalize");
        answer(answers, api.post("/v1/invoices/" + invoice + "/pay", "{\"paidOutOfBand\":true}"), "pay");
        answer(answers, api.post("/v1/invoices/" + invoice + "/credit-notes",
                "{\"amountCents\":500,\"reason\":\"goodwill\"}"), "credit note");
        answer(answers, api.post("/v1/usage", "{\"subscriptionId\":\"" + usageSubscription
                + "\",\"quantity\":3,\"timestamp\":\"2026-01-10T09:00:00Z\",\"idempotencyKey\":\"contract-1\"}"), "usage");
        answer(answers, api.post("/v1/test-clocks/" + clock + "/advance?wait=true",
                "{\"frozenTime\":\"2026-02-05T10:00:00Z\"}"), "advance past a renewal");

        for (String path : List.of("/v1/test-clocks/" + clock, "/v1/customers", "/v1/customers/" + customer,
                "/v1/plans", "/v1/plans/" + pro, "/v1/subscriptions", "/v1/subscriptions/" + subscription,
                "/v1/subscriptions/" + subscription + "?asOf=2030-01-01T00:00:00Z", "/v1/invoices",
                "/v1/invoices/" + invoice, "/v1/usage/subscriptions/" + usageSubscription + "/summary",
                "/v1/api-keys", "/v1/test-clocks/" + clock + "/history", "/v1/customers/" + customer + "/history",
                "/v1/plans/" + pro + "/history", "/v1/subscriptions/" + subscription + "/history",
                "/v1/invoices/" + invoice + "/history")) {
            answer(answers, api.get(path), "GET " + path);
        }

        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Answer answer : answers) {
            walkJson(answer.what(), answer.body(), violations, seen);
        }
        assertThat(violations).as("answers that break docs/api.md").isEmpty();
        // what the history must have shown for the walk to mean anything: money, spans and times in payloads
        assertThat(seen).contains("payload.amountCents", "payload.totalCents", "payload.newPeriod.periodStart",
                "pendingProrationLines.amountCents", "occurredAt", "lastUsedAt");
    }

    // --- the rules, on a schema -------------------------------------------------------------

    private static void walkSchema(String where, JsonNode schema, List<String> violations) {
        schema.path("properties").fields().forEachRemaining(property -> {
            String name = property.getKey();
            JsonNode value = property.getValue();
            checkName(where + "." + name, name, value, violations);
            checkPairs(where, schema.path("properties"), violations);
            if (!FREE_FORM.contains(name)) {
                walkSchema(where + "." + name, value, violations);
            }
        });
        for (String nested : List.of("items", "additionalProperties")) {
            if (schema.path(nested).isObject()) {
                walkSchema(where + "[]", schema.path(nested), violations);
            }
        }
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combined).forEach(part -> walkSchema(where, part, violations));
        }
    }

    /** One property (or parameter) against the money, span and time rules, from its schema. */
    private static void checkName(String where, String name, JsonNode schema, List<String> violations) {
        if (EXCEPTIONS.containsKey(name)) {
            return;
        }
        String type = schema.path("type").asText("");
        String format = schema.path("format").asText("");
        if (type.equals("number")) {
            violations.add(where + " is a number: money and counts are integers");
        }
        if (name.endsWith("Cents") && !type.equals("integer")) {
            violations.add(where + " ends in Cents but is " + type);
        }
        if (isMoneyName(name) && (type.equals("integer") || type.equals("number"))) {
            violations.add(where + " is an amount not named …Cents");
        }
        if (name.equals("amount")) {
            violations.add(where + " is an amount without Cents");
        }
        if (BARE_SPAN_NAMES.contains(name)) {
            violations.add(where + " names a bound of a span: use periodStart/periodEnd");
        }
        if (isTimeName(name) && !type.equals("boolean") && !(type.equals("string") && format.equals("date-time"))) {
            violations.add(where + " is a time but not a date-time string (" + type + " " + format + ")");
        }
        if (format.equals("date")) {
            violations.add(where + " is a date without a time: times are date-time instants");
        }
    }

    // --- the rules, on real JSON --------------------------------------------------------------

    private static void walkJson(String where, JsonNode node, List<String> violations, Set<String> seen) {
        walkJson(where, "", node, violations, seen);
    }

    private static void walkJson(String where, String path, JsonNode node, List<String> violations, Set<String> seen) {
        if (node.isArray()) {
            node.forEach(element -> walkJson(where, path, element, violations, seen));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        checkPairs(where + " " + path, node, violations);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String at = path.isEmpty() || path.equals("data") ? name : path.replaceFirst("^data\\.", "") + "." + name;
            seen.add(at);
            String context = where + " " + at + "=" + value;
            if (FREE_FORM.contains(name)) {
                continue;
            }
            if (value.isNumber() && !value.isIntegralNumber()) {
                violations.add(context + ": not an integer");
            }
            if (!EXCEPTIONS.containsKey(name)) {
                if (name.equals("amount") || isMoneyName(name) && value.isNumber()) {
                    violations.add(context + ": an amount not named …Cents");
                }
                if (name.endsWith("Cents") && !(value.isIntegralNumber() || value.isNull())) {
                    violations.add(context + ": …Cents is not an integer");
                }
                if (BARE_SPAN_NAMES.contains(name)) {
                    violations.add(context + ": a bound of a span not named periodStart/periodEnd");
                }
                if (isTimeName(name) && !value.isBoolean() && !(value.isNull() || value.isTextual()
                        && MILLISECOND_INSTANT.matcher(value.asText()).matches())) {
                    violations.add(context + ": a time not written 2026-01-01T10:00:00.000Z");
                }
            }
            if (value.isTextual() && LOOKS_LIKE_A_TIME.matcher(value.asText()).matches()
                    && !MILLISECOND_INSTANT.matcher(value.asText()).matches()) {
                violations.add(context + ": a time without exactly three fraction digits in UTC");
            }
            walkJson(where, path.isEmpty() ? name : path + "." + name, value, violations, seen);
        }
    }

    /** {@code xStart}/{@code xEnd} is a span only as {@code …periodStart}/{@code …periodEnd}; {@code xFrom}/{@code xTo} never. */
    private static void checkPairs(String where, JsonNode object, List<String> violations) {
        object.fieldNames().forEachRemaining(name -> {
            if (EXCEPTIONS.containsKey(name)) {
                return;
            }
            for (String[] pair : new String[][]{{"Start", "End"}, {"From", "To"}, {"Since", "Until"}}) {
                if (name.endsWith(pair[0]) && name.length() > pair[0].length()) {
                    String stem = name.substring(0, name.length() - pair[0].length());
                    boolean period = pair[0].equals("Start") && stem.toLowerCase(Locale.ROOT).endsWith("period");
                    if (object.has(stem + pair[1]) && !period) {
                        violations.add(where + " " + name + "/" + stem + pair[1] + ": a span not named periodStart/periodEnd");
                    }
                }
            }
        });
    }

    private static boolean isMoneyName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.endsWith("Cents") && !EXCEPTIONS.containsKey(name)
                && MONEY_WORDS.stream().anyMatch(lower::contains);
    }

    private static boolean isTimeName(String name) {
        return name.endsWith("At") || name.endsWith("Date") || name.endsWith("Time") || name.equals("timestamp")
                || name.endsWith("Start") || name.endsWith("End") || name.equals("asOf");
    }

    // --- making the resources ---------------------------------------------------------------

    private record Answer(String what, JsonNode body) {
    }

    private static String created(List<Answer> answers, Api api, String path, String body) {
        Api.Response response = api.post(path, body);
        assertThat(response.status()).as("POST " + path + ": " + response).isEqualTo(201);
        answers.add(new Answer("POST " + path, response.body()));
        return response.data().get("id").asText();
    }

    private static void answer(List<Answer> answers, Api.Response response, String what) {
        assertThat(response.status()).as(what + ": " + response).isBetween(200, 201);
        answers.add(new Answer(what, response.body()));
    }
}
