package io.billing.ledger.server.security;

import io.billing.ledger.server.web.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.io.IOException;

/** Spring's CORS checks, with a refused origin answered in the error envelope rather than plain text. */
class EnvelopeCorsProcessor extends DefaultCorsProcessor {

    private final ErrorResponses errors;

    EnvelopeCorsProcessor(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
        errors.write(servlet, HttpStatus.FORBIDDEN, "FORBIDDEN", "This origin may not call the API from a browser");
    }
}
