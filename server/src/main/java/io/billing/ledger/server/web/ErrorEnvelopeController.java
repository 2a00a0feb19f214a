package io.billing.ledger.server.web;

import io.billing.ledger.api.apikey.PublicEndpoint;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.command.web.RequestAttributes;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (Boot's {@code /error}), in the API's envelope instead of
 * Boot's body: it answers what reached {@code sendError} or escaped the filters, so that no
 * request is ever answered by a container page.
 */
@RestController
@PublicEndpoint
@Hidden
public class ErrorEnvelopeController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ErrorEnvelope> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        Object requestId = request.getAttribute(RequestAttributes.REQUEST_ID);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorEnvelope(new ErrorEnvelope.Error(codeOf(status), messageOf(status), null,
                        requestId == null ? RequestContext.current().requestId() : requestId.toString(), null, null)));
    }

    static String codeOf(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "AUTHENTICATION_ERROR";
            case FORBIDDEN -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case NOT_ACCEPTABLE -> "NOT_ACCEPTABLE";
            case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case TOO_MANY_REQUESTS -> "RATE_LIMIT_EXCEEDED";
            case SERVICE_UNAVAILABLE -> "SERVICE_UNAVAILABLE";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "VALIDATION_ERROR";
        };
    }

    private static String messageOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No such endpoint";
            case INTERNAL_SERVER_ERROR -> "Something went wrong on our side; the request id identifies it in our logs";
            default -> status.getReasonPhrase();
        };
    }
}
