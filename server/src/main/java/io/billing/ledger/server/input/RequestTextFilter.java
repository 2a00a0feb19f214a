package io.billing.ledger.server.input;

import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.server.web.ErrorResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Query parameters and the path carry no control characters: a NUL there would reach a SQL
 * parameter (PostgreSQL refuses it in text) or a log line. A 400 naming the parameter, before
 * authentication or routing looks at the request. A body declared as a wildcard type
 * ({@code Content-Type: *}{@code /*}) is a 415 here too: Spring's request headers throw on it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
public class RequestTextFilter extends OncePerRequestFilter {

    private final ObjectMapper mapper;

    public RequestTextFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.contains("*")) {
            write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorResponses.envelope("UNSUPPORTED_MEDIA_TYPE",
                    "Send the request body as application/json", null));
            return;
        }
        String refusedParameter = null;
        boolean refused = false;
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
                if (name == null || hasControl(name)) {
                    refused = true;
                    break;
                }
                if (value == null || hasControl(value)) {
                    refused = true;
                    refusedParameter = name;
                    break;
                }
            }
        }
        String path = decoded(request.getRequestURI().replace("+", "%2B"));
        if (refused || path == null || hasControl(path)) {
            String field = refused ? refusedParameter : "path";
            write(response, HttpStatus.BAD_REQUEST, ErrorResponses.envelope("VALIDATION_ERROR",
                    "The request is invalid", List.of(new ErrorEnvelope.FieldError(field,
                            "must not contain control characters or malformed escapes", "control_character"))));
            return;
        }
        chain.doFilter(request, response);
    }

    private void write(HttpServletResponse response, HttpStatus status, ErrorEnvelope envelope) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), envelope);
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
