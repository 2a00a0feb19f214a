package io.billing.ledger.server.api;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** NODE_ENV=production sends HSTS on every answer; CORS_ALLOWED_ORIGINS opens CORS to exactly those origins. */
@TestPropertySource(properties = {"billing.node-env=production",
        "billing.cors.allowed-origins=https://app.example.com, http://localhost:5173"})
class ProductionHeadersEndToEndTest extends EndToEndTest {

    @Test
    void production_answers_carry_strict_transport_security() {
        for (Api.Response response : new Api.Response[]{api().get("/v1/plans"), new Api(port, null).get("/health"),
                new Api(port, null).get("/v1/plans")}) {
            assertThat(response.header("Strict-Transport-Security")).as(response.toString()).contains("max-age=");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void a_configured_origin_may_call_from_a_browser_and_another_may_not() {
        Api.Response preflight = new Api(port, null).withHeader("Origin", "https://app.example.com")
                .withHeader("Access-Control-Request-Method", "POST")
                .withHeader("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
                .send("OPTIONS", "/v1/customers", null);
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");

        Api.Response call = api().withHeader("Origin", "http://localhost:5173").get("/v1/plans");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");

        Api.Response other = api().withHeader("Origin", "https://evil.example").get("/v1/plans");
        assertThat(other.status()).as(other.toString()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }
}
