package io.billing.ledger.server.security;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.saga.stripe.StripeWebhookController;
import io.billing.ledger.server.health.HealthController;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.RawHttp;
import io.billing.ledger.server.web.ErrorEnvelopeController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every kind of key, generated from the handler mappings, so that a new
 * endpoint without an annotation — or with the wrong one — fails here. The expected scope is
 * the API's policy written out independently of the annotations: key management,
 * {@code /v1/admin}, webhooks ({@code /v1/webhook-…}) and the audit log and chain ({@code /v1/audit…}) need {@code admin}, reads {@code billing:read}, writes {@code billing:write}.
 */
class EndpointScopeMatrixEndToEndTest extends EndToEndTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    private static final Map<String, String> ID_PREFIXES = Map.ofEntries(Map.entry("planId", "plan_"),
            Map.entry("customerId", "cust_"), Map.entry("subscriptionId", "sub_"), Map.entry("invoiceId", "inv_"),
            Map.entry("apiKeyId", "key_"), Map.entry("testClockId", "clk_"), Map.entry("webhookSubscriptionId", "wh_"),
            Map.entry("webhookEventId", "evt_"), Map.entry("paymentId", "pay_"), Map.entry("dunningId", "dun_"),
            Map.entry("usageId", "evt_"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    EndpointRequirements requirements;

    @Test
    void every_handler_declares_the_scope_the_policy_asks_for() {
        List<String> wrong = new ArrayList<>();
        endpoints().forEach(endpoint -> {
            EndpointRequirement declared = EndpointRequirements.of(endpoint.handler());
            if (!declared.equals(expected(endpoint))) {
                wrong.add(endpoint + " declares " + declared + ", the policy says " + expected(endpoint));
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(endpoints()).hasSizeGreaterThan(40);
    }

    @Test
    void every_endpoint_answers_401_or_403_exactly_when_the_key_lacks_its_scope() {
        Map<String, KeyKind> keys = new LinkedHashMap<>();
        keys.put("no key", new KeyKind(null, Set.of(), false));
        keys.put("read", new KeyKind(key("billing:read"), Set.of(ApiKeyScope.READ), true));
        keys.put("write", new KeyKind(key("billing:write"), Set.of(ApiKeyScope.WRITE), true));
        keys.put("read+write", new KeyKind(key("billing:read\",\"billing:write"),
                Set.of(ApiKeyScope.READ, ApiKeyScope.WRITE), true));
        keys.put("admin", new KeyKind(key("admin"), Set.of(ApiKeyScope.ADMIN), true));
        keys.put("revoked admin", new KeyKind(revokedKey(), Set.of(), false));

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            EndpointRequirement requirement = expected(endpoint);
            keys.forEach((kind, key) -> {
                // /metrics answers Prometheus text, not JSON: read without parsing a body
                Object response = endpoint.pattern().equals("/metrics")
                        ? RawHttp.sendWithHeaders(port, "GET /metrics HTTP/1.1\r\n", key.secret(), null)
                        : new Api(port, key.secret()).send(endpoint.method(), endpoint.concretePath(),
                                endpoint.method().equals("POST") || endpoint.method().equals("PATCH") ? "{}" : null);
                int status = response instanceof RawHttp.Response raw ? raw.status() : ((Api.Response) response).status();
                int expectedRefusal = refusal(requirement, key);
                boolean refused = status == 401 || status == 403;
                if (expectedRefusal == 0 ? refused || status >= 500 : status != expectedRefusal) {
                    wrong.add(endpoint + " with " + kind + " key: expected "
                            + (expectedRefusal == 0 ? "neither 401 nor 403 nor 5xx" : expectedRefusal) + ", got " + response);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    /** The firewall refuses these paths first; behind it, the decision is still the handler's, not the string's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/%61pi-keys", "/v1;x/api-keys", "/%761/api-keys", "/v1/api%2dkeys",
            "/v1/api-key%73", "/v1/a%70i-keys"})
    void the_requirement_follows_the_handler_however_the_path_is_spelled(String rawPath) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", rawPath);
        request.setContentType("application/json");

        assertThat(requirements.of(request)).isEqualTo(new EndpointRequirement.Scope(ApiKeyScope.ADMIN));
        assertThat(requirements.of(new MockHttpServletRequest("GET", "/v1/%61dmin/projections")))
                .isEqualTo(new EndpointRequirement.Scope(ApiKeyScope.ADMIN));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/metrics/mrr", "/v1/metrics/churn", "/v1/metrics/cohorts"})
    void the_revenue_metrics_are_reads(String path) {
        // issue 17: not the operators' /metrics (Prometheus), the ledger's own figures, for billing:read
        assertThat(requirements.of(new MockHttpServletRequest("GET", path)))
                .isEqualTo(new EndpointRequirement.Scope(ApiKeyScope.READ));
        assertThat(endpoints()).anyMatch(endpoint -> endpoint.pattern().equals(path) && endpoint.method().equals("GET"));
    }

    /** Without MANAGEMENT_PORT the scrape is on the API's port, for an admin key only (docs/operations.md). */
    @Test
    void prometheus_text_is_served_at_metrics_to_an_admin_key() {
        String head = "GET /metrics HTTP/1.1\r\nAccept: text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\n";
        RawHttp.Response scraped = RawHttp.sendWithHeaders(port, head, ADMIN_KEY, null);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.header("Content-Type")).startsWith("text/plain");
        assertThat(scraped.raw()).contains("# TYPE http_server_requests_seconds histogram", "billing_events_head");
        assertThat(RawHttp.sendWithHeaders(port, head, key("billing:read"), null).status()).isEqualTo(403);
        assertThat(RawHttp.sendWithHeaders(port, head, null, null).status()).isEqualTo(401);
        assertThat(new Api(port, null).get("/v3/api-docs").body().at("/paths/~1metrics/get/x-required-scope").asText())
                .isEqualTo("admin");
    }

    @Test
    void a_path_no_handler_serves_requires_nothing_and_answers_404() {
        assertThat(requirements.of(new MockHttpServletRequest("POST", "/webhooks/paypal")))
                .isEqualTo(new EndpointRequirement.NoHandler());
    }

    @Test
    void stripes_webhooks_are_public_their_signature_is_the_credential() {
        assertThat(requirements.of(new MockHttpServletRequest("POST", "/webhooks/stripe")))
                .isEqualTo(new EndpointRequirement.Public());
    }

    private static int refusal(EndpointRequirement requirement, KeyKind key) {
        if (!(requirement instanceof EndpointRequirement.Scope scope)) {
            return 0;
        }
        if (!key.authenticated()) {
            return 401;
        }
        return key.scopes().contains(ApiKeyScope.ADMIN) || key.scopes().contains(scope.scope()) ? 0 : 403;
    }

    private static EndpointRequirement expected(Endpoint endpoint) {
        Class<?> type = endpoint.handler().getBeanType();
        if (type == HealthController.class || type == ErrorEnvelopeController.class
                || type == StripeWebhookController.class) {
            return new EndpointRequirement.Public();
        }
        if (endpoint.pattern().startsWith("/v1/api-keys") || endpoint.pattern().startsWith("/v1/admin/")
                || endpoint.pattern().startsWith("/v1/webhook-") || endpoint.pattern().startsWith("/v1/audit")
                || endpoint.pattern().equals("/metrics")) {
            return new EndpointRequirement.Scope(ApiKeyScope.ADMIN);
        }
        return new EndpointRequirement.Scope(endpoint.method().equals("GET") ? ApiKeyScope.READ : ApiKeyScope.WRITE);
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMapping.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            if (!handler.getBeanType().getName().startsWith("io.billing.ledger.")) {
                continue; // springdoc's API description, public by design
            }
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String pattern : entry.getKey().getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    endpoints.add(new Endpoint(method.name(), pattern, handler));
                }
            }
        }
        return endpoints;
    }

    private String key(String scopes) {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"matrix\",\"scopes\":[\"" + scopes + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("key").asText();
    }

    private String revokedKey() {
        Api.Response created = api().post("/v1/api-keys", "{\"name\":\"revoked\",\"scopes\":[\"admin\"]}");
        assertThat(api().post("/v1/api-keys/" + created.data().get("id").asText() + "/revoke", null).status())
                .isEqualTo(200);
        return created.data().get("key").asText();
    }

    private record KeyKind(String secret, Set<ApiKeyScope> scopes, boolean authenticated) {
    }

    private record Endpoint(String method, String pattern, HandlerMethod handler) {

        /** The pattern with each {@code {variable}} replaced by a well-formed id that names nothing. */
        String concretePath() {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String prefix = ID_PREFIXES.get(matcher.group(1));
                matcher.appendReplacement(path, prefix == null ? "no-such-" + matcher.group(1).toLowerCase()
                        : prefix + UUID.randomUUID());
            }
            matcher.appendTail(path);
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }
}
