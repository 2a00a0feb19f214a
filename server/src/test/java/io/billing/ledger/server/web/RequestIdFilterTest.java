package io.billing.ledger.server.web;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTest {

    @Test
    void a_valid_traceparent_gives_the_trace_id_and_anything_else_a_new_one() {
        assertThat(RequestIdFilter.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(RequestIdFilter.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(RequestIdFilter.traceIdOf("00-XYZ-00f067aa0ba902b7-01")).matches("[0-9a-f]{32}");
        assertThat(RequestIdFilter.traceIdOf(null)).matches("[0-9a-f]{32}");
    }

    @Test
    void the_request_fields_are_in_the_mdc_while_it_is_handled_and_gone_after() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/plans");
        request.addHeader("X-Request-Id", "req-1");
        request.addHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Map<String, String> seen = new HashMap<>();

        new RequestIdFilter().doFilter(request, new MockHttpServletResponse(),
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                }) {
                    @Override
                    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                        seen.putAll(MDC.getCopyOfContextMap());
                    }
                });

        assertThat(seen).containsEntry("requestId", "req-1").containsEntry("actor", "anonymous")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get("requestId")).isNull();
        assertThat(MDC.get("traceId")).isNull();
        assertThat(MDC.get("actor")).isNull();
    }
}
