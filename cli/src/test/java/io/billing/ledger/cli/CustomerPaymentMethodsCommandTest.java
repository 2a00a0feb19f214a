package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerPaymentMethodsCommandTest {

    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String PATH = "/v1/customers/" + CUSTOMER_ID + "/payment-methods";
    static final String VISA = """
            {"id":"pm_1Qvisa","brand":"visa","last4":"4242","expMonth":4,"expYear":2030,"default":true}""";
    static final String MASTERCARD = """
            {"id":"pm_1Qmc","brand":"mastercard","last4":"4444","expMonth":12,"expYear":2031,"default":false}""";

    static FakeBillingServer server;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new FakeBillingServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"), args);
    }

    @Test
    void add_attaches_the_payment_method_as_the_default_and_prints_the_card() throws Exception {
        server.answer("POST", PATH, 201, "{\"data\":" + VISA + "}");

        CliRun run = billing("customers", "payment-methods", "add", CUSTOMER_ID, "--payment-method", "pm_card_visa");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(UUID.fromString(request.header("Idempotency-Key"))).isNotNull();
        assertThat(request.header("User-Agent")).startsWith("billing-cli/");
        assertThat(mapper.readTree(request.body()))
                .isEqualTo(mapper.readTree("{\"paymentMethodId\":\"pm_card_visa\",\"default\":true}"));
        assertThat(run.out())
                .contains("ID:      pm_1Qvisa")
                .contains("Brand:   visa")
                .contains("Last 4:  4242")
                .contains("Expires: 04/2030")
                .contains("Default: true");
    }

    @Test
    void add_with_no_default_keeps_the_current_default_and_prints_json() throws Exception {
        server.answer("POST", PATH, 201, "{\"data\":" + MASTERCARD + "}");

        CliRun run = billing("--json", "customer", "payment-method", "add", CUSTOMER_ID, "--payment-method",
                "pm_card_mastercard", "--no-default");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mapper.readTree(server.onlyRequest().body()))
                .isEqualTo(mapper.readTree("{\"paymentMethodId\":\"pm_card_mastercard\",\"default\":false}"));
        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(MASTERCARD));
    }

    @Test
    void list_prints_brand_last4_expiry_and_which_is_the_default() throws Exception {
        server.answer("GET", PATH, 200, "{\"data\":[" + VISA + "," + MASTERCARD + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":2,\"totalPages\":1}}");

        CliRun table = billing("customers", "payment-methods", "list", CUSTOMER_ID);
        CliRun json = billing("customers", "payment-methods", "list", CUSTOMER_ID, "--format", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).isEqualTo("ID         BRAND       LAST4  EXPIRES  DEFAULT");
        assertThat(lines[1]).isEqualTo("pm_1Qvisa  visa        4242   04/2030  true");
        assertThat(lines[2]).isEqualTo("pm_1Qmc    mastercard  4444   12/2031  false");
        assertThat(table.out()).contains("Page 1 of 1 (2 total)");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode printed = mapper.readTree(json.out());
        assertThat(printed).isEqualTo(mapper.readTree("[" + VISA + "," + MASTERCARD + "]"));
        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::method)
                .containsExactly("GET", "GET");
    }

    @Test
    void a_list_without_paging_meta_prints_no_footer() {
        server.answer("GET", PATH, 200, "{\"data\":[]}");

        CliRun run = billing("customers", "payment-methods", "list", CUSTOMER_ID);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("ID  BRAND  LAST4  EXPIRES  DEFAULT\n");
    }

    @Test
    void an_unknown_test_payment_method_prints_the_servers_validation_error() throws Exception {
        server.answer("POST", PATH, 400, """
                {"error":{"code":"VALIDATION_ERROR","message":"Unknown payment method pm_card_bogus",
                  "details":[{"field":"paymentMethodId","message":"No such payment method","code":"unknown"}],
                  "requestId":"req-pm"}}""");

        CliRun table = billing("customers", "payment-methods", "add", CUSTOMER_ID, "--payment-method",
                "pm_card_bogus");
        CliRun json = billing("--format", "json", "customers", "payment-methods", "add", CUSTOMER_ID,
                "--payment-method", "pm_card_bogus");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).contains("VALIDATION_ERROR (HTTP 400): Unknown payment method pm_card_bogus")
                .contains("paymentMethodId: No such payment method [unknown]").contains("request id: req-pm");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(mapper.readTree(json.err()).at("/error/details/0/field").asText()).isEqualTo("paymentMethodId");
    }

    @Test
    void add_without_a_payment_method_is_a_usage_error_and_nothing_is_sent() {
        CliRun run = billing("customers", "payment-methods", "add", CUSTOMER_ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--payment-method");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void a_bare_payment_methods_group_prints_its_usage() {
        CliRun run = billing("customers", "payment-methods");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: billing customers payment-methods").contains("add").contains("list");
    }
}
