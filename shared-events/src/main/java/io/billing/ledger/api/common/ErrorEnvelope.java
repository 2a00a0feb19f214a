package io.billing.ledger.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The error envelope every failure answers with; never a stack trace, SQL or class name. */
public record ErrorEnvelope(Error error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, List<FieldError> details, String requestId,
                        String currentStatus, List<String> allowedTransitions) {
    }

    public record FieldError(String field, String message, String code) {
    }
}
