package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CustomersCommandTest {

    static final String CUSTOMER_ID = "cust_0b6e1c2a-5d1f-4f7e-9a51-3c2d4e5f6a7b";
    static final String CUSTOMER = """
            {"id":"%s","email":"ada+billing@example.com","name":"Ada Ltd","stripeCustomerId":null,
             "testClockId":null,"metadata":{},"createdAt":"2025-01-02T03:04:05Z",
             "updatedAt":"2025-01-02T03:04:05Z","version":0}""".formatted(CUSTOMER_ID);

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
    void create_posts_email_name_and_metadata() throws Exception {
        server.answer("POST", "/v1/customers", 201, "{\"data\":" + CUSTOMER + "}");

        CliRun run = billing("customers", "create", "--email", "ada+billing@example.com", "--name", "Ada Ltd",
                "--metadata", "crm=42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FakeBillingServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Idempotency-Key")).isNotBlank();
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_admin");
        assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree(
                "{\"email\":\"ada+billing@example.com\",\"name\":\"Ada Ltd\",\"metadata\":{\"crm\":\"42\"}}"));
        assertThat(run.out()).contains(CUSTOMER_ID).contains("Stripe customer: -");
    }

    @Test
    void list_encodes_the_email_filter() {
        server.answer("GET", "/v1/customers", 200, "{\"data\":[" + CUSTOMER + "],"
                + "\"meta\":{\"page\":1,\"pageSize\":20,\"totalCount\":1,\"totalPages\":1}}");

        CliRun run = billing("customers", "list", "--email", "ada+billing@example.com");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().query()).isEqualTo("email=ada%2Bbilling%40example.com");
        assertThat(run.out()).contains("EMAIL").contains("ada+billing@example.com").contains("Page 1 of 1 (1 total)");
    }

    @Test
    void get_update_and_history_use_the_customer_path() throws Exception {
        server.answer("GET", "/v1/customers/" + CUSTOMER_ID, 200, "{\"data\":" + CUSTOMER + "}");
        server.answer("PATCH", "/v1/customers/" + CUSTOMER_ID, 200, "{\"data\":" + CUSTOMER + "}");
        server.answer("GET", "/v1/customers/" + CUSTOMER_ID + "/history", 200, "{\"data\":[]}");

        assertThat(billing("customers", "get", CUSTOMER_ID).exitCode()).isZero();
        assertThat(billing("customers", "update", CUSTOMER_ID, "--email", "new@example.com").exitCode()).isZero();
        assertThat(billing("customers", "history", CUSTOMER_ID).exitCode()).isZero();

        assertThat(server.requests()).extracting(FakeBillingServer.RecordedRequest::method)
                .containsExactly("GET", "PATCH", "GET");
        assertThat(mapper.readTree(server.requests().get(1).body()))
                .isEqualTo(mapper.readTree("{\"email\":\"new@example.com\"}"));
    }

    @Test
    void an_id_with_a_slash_cannot_reach_another_endpoint() {
        billing("customers", "get", "../api-keys");

        assertThat(server.onlyRequest().path()).isEqualTo("/v1/customers/..%2Fapi-keys");
    }
}
