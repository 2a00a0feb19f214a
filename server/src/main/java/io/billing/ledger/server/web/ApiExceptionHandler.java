package io.billing.ledger.server.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ErrorEnvelope.FieldError;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.saga.gateway.GatewayUnavailableException;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Every failure ends in the same envelope with a stable code. Messages are written for the
 * client: they name fields and values, never classes, SQL or stack frames.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorEnvelope> invalidBody(MethodArgumentNotValidException e) {
        List<FieldError> details = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage(), codeOf(error.getCode())))
                .collect(Collectors.toCollection(ArrayList::new));
        e.getBindingResult().getGlobalErrors().forEach(error ->
                details.add(new FieldError(null, error.getDefaultMessage(), codeOf(error.getCode()))));
        return validation("The request body is invalid", details);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ErrorEnvelope> invalidParameters(HandlerMethodValidationException e) {
        List<FieldError> details = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bodyErrors) {
                bodyErrors.getFieldErrors().forEach(error -> details.add(new FieldError(error.getField(),
                        error.getDefaultMessage(), codeOf(error.getCode()))));
                return;
            }
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> details.add(new FieldError(name,
                    error.getDefaultMessage(), codeOf(error.getCodes() == null ? null : error.getCodes()[0]))));
        });
        return validation("The request is invalid", details);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ErrorEnvelope> invalidConstraint(ConstraintViolationException e) {
        List<FieldError> details = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage(), "invalid"))
                .toList();
        return validation("The request is invalid", details);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorEnvelope> typeMismatch(MethodArgumentTypeMismatchException e) {
        return validation("The request is invalid", List.of(new FieldError(e.getName(),
                "has an invalid value", "invalid_type")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorEnvelope> missingParameter(MissingServletRequestParameterException e) {
        return validation("The request is invalid", List.of(new FieldError(e.getParameterName(),
                "is required", "required")));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorEnvelope> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException || cause == null) {
            return validation("The request body is not valid JSON", List.of());
        }
        if (cause instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (field.isEmpty()) {
                return validation("The request body must be a JSON object", List.of());
            }
            return validation("The request body is invalid", List.of(describe(field, mapping)));
        }
        return validation("The request body is invalid", List.of());
    }

    private static FieldError describe(String field, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return new FieldError(field, "is not a known field", "unknown_field");
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return new FieldError(field, "must be one of " + wireValues(invalid.getTargetType()), "invalid_enum");
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getType() != null
                && instantiation.getType().isEnumType()) {
            return new FieldError(field, "must be one of " + wireValues(instantiation.getType().getRawClass()),
                    "invalid_enum");
        }
        if (e instanceof ValueInstantiationException) {
            return new FieldError(field, "has an invalid value", "invalid_value");
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return new FieldError(field, "must be " + describeType(mismatched.getTargetType()), "invalid_type");
        }
        return new FieldError(field, "has an invalid value", "invalid_value");
    }

    private static String describeType(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-01-15T10:30:00Z";
        }
        if (type.isEnum()) {
            return "one of " + wireValues(type);
        }
        return "a valid value";
    }

    private static String wireValues(Class<?> enumType) {
        return java.util.Arrays.stream(enumType.getEnumConstants())
                .map(constant -> {
                    try {
                        return String.valueOf(enumType.getMethod("wire").invoke(constant));
                    } catch (ReflectiveOperationException e) {
                        return ((Enum<?>) constant).name().toLowerCase();
                    }
                })
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ErrorEnvelope> invalidRequest(InvalidRequestException e) {
        return validation(e.getMessage(), List.of(new FieldError(e.field(), e.getMessage(), e.code())));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorEnvelope> mediaType(HttpMediaTypeNotSupportedException e) {
        return ErrorResponses.entity(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "Send the request body as application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorEnvelope> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ErrorResponses.entity(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE",
                "This endpoint answers application/json; accept it");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorEnvelope> method(HttpRequestMethodNotSupportedException e) {
        Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).contentType(MediaType.APPLICATION_JSON)
                .allow(allowed.toArray(HttpMethod[]::new))
                .body(ErrorResponses.envelope("METHOD_NOT_ALLOWED", "Method " + e.getMethod() + " is not allowed here",
                        null));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorEnvelope> noRoute(Exception e) {
        return ErrorResponses.entity(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such endpoint");
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class})
    ResponseEntity<ErrorEnvelope> databaseUnreachable(Exception e) {
        log.warn("Request {} failed: the database is unreachable", RequestContext.current().requestId());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(ErrorResponses.envelope("SERVICE_UNAVAILABLE", "The service cannot reach its database; retry shortly",
                        null));
    }

    /** The payment processor could not be reached (after the adapter's retries): nothing was recorded here. */
    @ExceptionHandler(GatewayUnavailableException.class)
    ResponseEntity<ErrorEnvelope> processorUnavailable(GatewayUnavailableException e) {
        log.warn("Request {} failed: the payment processor is unavailable ({})", RequestContext.current().requestId(),
                e.getMessage());
        return ErrorResponses.entity(HttpStatus.BAD_GATEWAY, "STRIPE_ERROR",
                "The payment processor could not be reached; retry shortly");
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ErrorEnvelope> notFound(NotFoundException e) {
        return ErrorResponses.entity(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ErrorEnvelope> aggregateNotFound(AggregateNotFoundException e) {
        // The same wording as a read's 404: the kind of resource, from its id's prefix.
        String id = String.valueOf(e.getAggregateIdentifier());
        return ErrorResponses.entity(HttpStatus.NOT_FOUND, "NOT_FOUND",
                new NotFoundException(Ids.kindOf(id), id).getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ErrorEnvelope> conflict(ConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ErrorEnvelope(new ErrorEnvelope.Error(
                "CONFLICT", e.getMessage(), null, RequestContext.current().requestId(), e.currentStatus(),
                e.currentStatus() == null ? null : e.allowedTransitions())));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ErrorEnvelope> concurrentChange(ConcurrencyException e) {
        return ErrorResponses.entity(HttpStatus.CONFLICT, "CONFLICT",
                "The resource was changed by another request at the same time; read it and retry");
    }

    /**
     * Committed, but the resource cannot be read even from its events (reads fail): not a 202
     * with a placeholder (docs/api.md). Behind an Idempotency-Key the filter turns this into the
     * committed resource when it can be read, else the same 503.
     */
    @ExceptionHandler(ReadModelTimeoutException.class)
    ResponseEntity<ErrorEnvelope> notReadable(ReadModelTimeoutException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, "2")
                .body(ErrorResponses.envelope("SERVICE_UNAVAILABLE", e.getMessage(), null));
    }

    @ExceptionHandler({CompletionException.class, CommandExecutionException.class})
    ResponseEntity<?> wrapped(RuntimeException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NotFoundException notFound) {
            return notFound(notFound);
        }
        if (cause instanceof ConflictException conflict) {
            return conflict(conflict);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return aggregateNotFound(notFound);
        }
        if (cause instanceof InvalidRequestException invalid) {
            return invalidRequest(invalid);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return concurrentChange(concurrency);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<?> unexpectedOrWrapped(Exception e) {
        // a domain refusal may arrive wrapped, e.g. raised by an in-transaction event handler
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof ConflictException conflict) {
                return conflict(conflict);
            }
            if (cause instanceof InvalidRequestException invalid) {
                return invalidRequest(invalid);
            }
            if (cause instanceof NotFoundException notFound) {
                return notFound(notFound);
            }
        }
        return unexpected(e);
    }

    ResponseEntity<ErrorEnvelope> unexpected(Exception e) {
        log.error("Unexpected failure of request {}", RequestContext.current().requestId(), e);
        return ErrorResponses.entity(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "Something went wrong on our side; the request id identifies it in our logs");
    }

    private static ResponseEntity<ErrorEnvelope> validation(String message, List<FieldError> details) {
        return ErrorResponses.entity(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", message, details);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** Bean Validation codes (NotBlank, Size, …) in the API's snake_case. */
    private static String codeOf(String constraint) {
        if (constraint == null) {
            return "invalid";
        }
        String simple = constraint.contains(".") ? constraint.substring(constraint.lastIndexOf('.') + 1) : constraint;
        return simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}
