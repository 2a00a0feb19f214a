package io.billing.ledger.server.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

/** The headers every answer carries, for the few answers written outside Spring Security's header writer. */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void writeTo(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
