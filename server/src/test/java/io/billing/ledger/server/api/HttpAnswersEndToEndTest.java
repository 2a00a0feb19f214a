package io.billing.ledger.server.api;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 §6: every refusal of the HTTP layer is the API's envelope with its own code — never
 * a 500, a container page, or an ERROR in the log — and every answer carries the security headers.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpAnswersEndToEndTest extends EndToEndTest {

    private static final String CUSTOMER = "{\"name\":\"Media\",\"email\":\"media@example.com\"}";

    @Test
    void an_unknown_route_is_404_with_or_without_a_key(CapturedOutput log) {
        for (Api api : new Api[]{api(), new Api(port, null)}) {
            Api.Response response = api.get("/v1/nothing-here");
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(response.body().path("error").path("requestId").asText()).isNotBlank();
        }
        assertThat(errorsLoggedWhileAnswering(log)).isEmpty();
    }

    @Test
    void stripe_webhooks_are_outside_api_key_authentication_and_refused_unsigned() {
        Api.Response response = new Api(port, null).post("/webhooks/stripe", "{\"id\":\"evt_1\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void a_wrong_method_is_405_naming_the_allowed_ones(CapturedOutput log) {
        Api.Response response = api().send("DELETE", "/v1/plans", null);

        assertThat(response.status()).as(response.toString()).isEqualTo(405);
        assertThat(response.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(response.header("Allow")).contains("GET", "POST");
        assertThat(errorsLoggedWhileAnswering(log)).isEmpty();
    }

    @Test
    void an_accept_header_without_json_is_406_before_anything_is_written(CapturedOutput log) {
        long events = eventCount();

        Api.Response read = api().withHeader("Accept", "text/html").get("/v1/plans");
        Api.Response write = api().withHeader("Accept", "application/xml").post("/v1/customers", CUSTOMER);

        assertThat(read.status()).as(read.toString()).isEqualTo(406);
        assertThat(read.errorCode()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(write.status()).as(write.toString()).isEqualTo(406);
        assertThat(write.errorCode()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(api().withHeader("Accept", "application/json, text/html;q=0.5").get("/v1/plans").status())
                .isEqualTo(200);
        assertThat(api().withHeader("Accept", "*/*").get("/v1/plans").status()).isEqualTo(200);
        assertThat(errorsLoggedWhileAnswering(log)).isEmpty();
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/xml", "*/*", "application/x-www-form-urlencoded", "none"})
    void a_body_in_anything_but_json_is_415_and_changes_nothing(String contentType, CapturedOutput log) {
        long events = eventCount();
        StringBuilder request = new StringBuilder("POST /v1/customers HTTP/1.1\r\n");
        if (!contentType.equals("none")) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }

        RawHttp.Response response = RawHttp.sendWithHeaders(port, request.toString(), ADMIN_KEY, CUSTOMER);

        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(errorsLoggedWhileAnswering(log)).isEmpty();
    }

    @Test
    void every_answer_carries_the_security_headers_and_no_cors_without_configured_origins() {
        Api.Response ok = api().withHeader("Origin", "https://evil.example").get("/v1/plans");
        Api.Response unauthenticated = new Api(port, null).get("/v1/plans");
        Api.Response health = new Api(port, null).get("/health");
        Api.Response notFound = api().get("/v1/nothing-here");

        for (Api.Response response : new Api.Response[]{ok, unauthenticated, health, notFound}) {
            assertThat(response.header("X-Content-Type-Options")).as(response.toString()).isEqualTo("nosniff");
            assertThat(response.header("Strict-Transport-Security")).isNull();
        }
        assertThat(ok.header("Cache-Control")).isEqualTo("no-store");
        assertThat(ok.header("Access-Control-Allow-Origin")).isNull();
        Api.Response preflight = new Api(port, null).withHeader("Origin", "https://evil.example")
                .withHeader("Access-Control-Request-Method", "POST").send("OPTIONS", "/v1/plans", null);
        assertThat(preflight.header("Access-Control-Allow-Origin")).as(preflight.toString()).isNull();
    }

    @Test
    void a_missing_key_is_401_with_a_bearer_challenge_and_a_missing_scope_is_403_naming_it() {
        Api.Response missing = new Api(port, null).get("/v1/plans");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errorCode()).isEqualTo("AUTHENTICATION_ERROR");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");

        Api.Response wrong = api().as("blk_wrong_wrong_wrong_wrong_wrong_wrong").get("/v1/plans");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Bearer");

        String reader = api().post("/v1/api-keys", "{\"name\":\"r\",\"scopes\":[\"billing:read\"]}")
                .data().get("key").asText();
        Api.Response forbidden = api().as(reader).post("/v1/customers", CUSTOMER);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(forbidden.body().path("error").path("message").asText()).contains("billing:write");
    }

    @Test
    void a_method_the_firewall_does_not_know_is_a_400_envelope_and_options_needs_a_key() {
        for (String method : new String[]{"TRACE", "FOO"}) {
            RawHttp.Response response = RawHttp.send(port, method, "/v1/plans", ADMIN_KEY, null);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(new Api(port, null).send("OPTIONS", "/v1/plans", null).status()).isEqualTo(401);
        assertThat(api().send("HEAD", "/v1/plans", null).status()).isEqualTo(200);
    }

    @Test
    void the_api_description_and_swagger_ui_need_no_key() {
        Api anonymous = new Api(port, null);
        Api.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().at("/paths/~1v1~1api-keys/post/x-required-scope").asText()).isEqualTo("admin");
        assertThat(docs.body().at("/paths/~1v1~1plans/get/x-required-scope").asText()).isEqualTo("billing:read");
        assertThat(docs.body().at("/paths/~1health/get/security").isArray()).isTrue();
        RawHttp.Response ui = RawHttp.sendWithHeaders(port, "GET /swagger-ui/index.html HTTP/1.1\r\nAccept: text/html\r\n",
                null, null);
        assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
    }

    @Test
    void the_container_error_page_is_the_envelope_too() {
        Api.Response direct = api().get("/error");

        assertThat(direct.status()).isEqualTo(404);
        assertThat(direct.errorCode()).isEqualTo("NOT_FOUND");
    }

    /** ERROR lines written by the threads that answer requests (start-up noise, e.g. a probe for Docker, is not ours). */
    private static List<String> errorsLoggedWhileAnswering(CapturedOutput log) {
        return log.getAll().lines().filter(line -> line.contains(" ERROR ") && line.contains("-exec-")).toList();
    }
}
