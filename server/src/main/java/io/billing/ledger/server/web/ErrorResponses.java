package io.billing.ledger.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.ErrorEnvelope;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/** Builds the error envelope, for controllers (as entities) and for filters (written directly). */
@Component
public class ErrorResponses {

    private final ObjectMapper mapper;

    public ErrorResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static ErrorEnvelope envelope(String code, String message, List<ErrorEnvelope.FieldError> details) {
        return new ErrorEnvelope(new ErrorEnvelope.Error(code, message, details,
                RequestContext.current().requestId(), null, null));
    }

    public static ResponseEntity<ErrorEnvelope> entity(HttpStatus status, String code, String message) {
        return entity(status, code, message, null);
    }

    public static ResponseEntity<ErrorEnvelope> entity(HttpStatus status, String code, String message,
                                                       List<ErrorEnvelope.FieldError> details) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(envelope(code, message, details));
    }

    public void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), envelope(code, message, null));
    }
}
