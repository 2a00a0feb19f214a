package io.billing.ledger.server.api;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad input of any kind is a 400 in the error envelope, names the field, leaks nothing and changes nothing. */
class BadInputEndToEndTest extends EndToEndTest {

    private static final String PLAN_ID = "plan_11111111-2222-3333-4444-555555555555";
    private static final String LONG = "x".repeat(101);

    private String planId;
    private String customerId;

    @BeforeEach
    void someResourcesToAimAt() {
        if (planId == null) {
            planId = api().post("/v1/plans", "{\"name\":\"Target\",\"pricingModel\":\"flat_rate\",\"amountCents\":100,"
                    + "\"billingInterval\":\"month\"}").data().get("id").asText();
            customerId = api().post("/v1/customers", "{\"name\":\"Target\",\"email\":\"t@example.com\"}")
                    .data().get("id").asText();
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("malformed JSON", "POST", "/v1/plans", "{\"name\": \"Starter\",", null),
                arguments("a JSON array instead of an object", "POST", "/v1/plans", "[1,2]", null),
                arguments("missing required fields", "POST", "/v1/plans", "{}", "name"),
                arguments("amount as a string", "POST", "/v1/plans",
                        plan("\"amountCents\":\"2999\""), "amountCents"),
                arguments("non-integer cents", "POST", "/v1/plans", plan("\"amountCents\":29.99"), "amountCents"),
                arguments("negative cents", "POST", "/v1/plans", plan("\"amountCents\":-1"), "amountCents"),
                arguments("cents beyond any sane price", "POST", "/v1/plans",
                        plan("\"amountCents\":9223372036854775807"), "amountCents"),
                arguments("unknown pricing model", "POST", "/v1/plans",
                        "{\"name\":\"S\",\"pricingModel\":\"tiered\",\"amountCents\":1,\"billingInterval\":\"month\"}",
                        "pricingModel"),
                arguments("unknown interval", "POST", "/v1/plans",
                        "{\"name\":\"S\",\"pricingModel\":\"flat_rate\",\"amountCents\":1,\"billingInterval\":\"week\"}",
                        "billingInterval"),
                arguments("oversize name", "POST", "/v1/plans", plan("\"name\":\"" + LONG + "\""), "name"),
                arguments("oversize description", "POST", "/v1/plans",
                        plan("\"description\":\"" + "d".repeat(501) + "\""), "description"),
                arguments("negative trial", "POST", "/v1/plans", plan("\"trialPeriodDays\":-1"), "trialPeriodDays"),
                arguments("bad currency", "POST", "/v1/plans", plan("\"currency\":\"USD$\""), "currency"),
                arguments("three letters that are no ISO-4217 currency", "POST", "/v1/plans",
                        plan("\"currency\":\"zzz\""), "currency"),
                arguments("metadata not an object", "POST", "/v1/plans", plan("\"metadata\":[1]"), "metadata"),
                arguments("unknown field", "POST", "/v1/plans", plan("\"color\":\"red\""), "color"),
                arguments("invalid email", "POST", "/v1/customers", "{\"name\":\"A\",\"email\":\"not-an-email\"}",
                        "email"),
                arguments("blank customer name", "POST", "/v1/customers", "{\"name\":\"  \",\"email\":\"a@b.co\"}",
                        "name"),
                arguments("oversize customer name", "POST", "/v1/customers",
                        "{\"name\":\"" + "n".repeat(201) + "\",\"email\":\"a@b.co\"}", "name"),
                arguments("bad plan id", "GET", "/v1/plans/plan_123", null, "planId"),
                arguments("a customer id where a plan id belongs", "GET",
                        "/v1/plans/cust_11111111-2222-3333-4444-555555555555", null, "planId"),
                arguments("page below 1", "GET", "/v1/plans?page=0", null, "page"),
                arguments("page size above 100", "GET", "/v1/plans?pageSize=101", null, "pageSize"),
                arguments("page not a number", "GET", "/v1/plans?page=abc", null, "page"),
                arguments("unknown status filter", "GET", "/v1/plans?status=deleted", null, "status"),
                arguments("unknown field on a plan PATCH", "PATCH", "/v1/plans/{plan}", "{\"colour\":\"red\"}", "colour"),
                arguments("price on a plan PATCH", "PATCH", "/v1/plans/{plan}", "{\"amountCents\":1}", "amountCents"),
                arguments("empty name on a plan PATCH", "PATCH", "/v1/plans/{plan}", "{\"name\":\"\"}", "name"),
                arguments("unknown field on a customer PATCH", "PATCH", "/v1/customers/{customer}",
                        "{\"stripeCustomerId\":\"cus_1\"}", "stripeCustomerId"),
                arguments("bad email on a customer PATCH", "PATCH", "/v1/customers/{customer}",
                        "{\"email\":\"nope\"}", "email"),
                arguments("a cancel both prorated and at the period end", "POST",
                        "/v1/subscriptions/sub_11111111-2222-3333-4444-555555555555/cancel",
                        "{\"prorate\":true,\"atPeriodEnd\":true}", "prorate"),
                arguments("bad id on archive", "POST", "/v1/plans/" + PLAN_ID.substring(0, 20) + "/archive", null,
                        "planId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void is_refused_with_400_naming_the_field_and_changes_nothing(String why, String method, String path,
                                                                   String body, String field) {
        long events = eventCount();
        String target = path.replace("{plan}", planId).replace("{customer}", customerId);

        Api.Response response = api().send(method, target, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.body().get("error").get("requestId").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.body().get("error").get("details").findValuesAsText("field")).contains(field);
        }
        assertThat(response.raw()).doesNotContainIgnoringCase("exception")
                .doesNotContain("io.billing", "java.", "org.", "com.fasterxml", "SQL", "\tat ");
        assertThat(eventCount()).isEqualTo(events);
    }

    private static String plan(String override) {
        String key = override.substring(1, override.indexOf('"', 1));
        StringBuilder json = new StringBuilder("{");
        String[][] fields = {{"name", "\"Starter\""}, {"pricingModel", "\"flat_rate\""}, {"amountCents", "2999"},
                {"billingInterval", "\"month\""}};
        for (String[] f : fields) {
            if (!f[0].equals(key)) {
                json.append('"').append(f[0]).append("\":").append(f[1]).append(',');
            }
        }
        return json.append(override).append('}').toString();
    }
}
