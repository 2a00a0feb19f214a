package io.billing.ledger.server.security;

import io.billing.ledger.server.web.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/** Spring Security's refusals in the API's error envelope: 400 from the firewall, 401, 403. */
@Component
public class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityAnswers.class);

    private final ErrorResponses errors;

    public SecurityAnswers(ErrorResponses errors) {
        this.errors = errors;
    }

    /** No key (for a handler that needs one), a malformed header, or a key that is unknown, revoked or expired. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof BadCredentialsException) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            errors.write(response, HttpStatus.UNAUTHORIZED, "AUTHENTICATION_ERROR", e.getMessage());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errors.write(response, HttpStatus.UNAUTHORIZED, "AUTHENTICATION_ERROR",
                "Missing API key: send Authorization: Bearer <key>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Object requirement = request.getAttribute(HandlerScopeAuthorization.REQUIREMENT);
        if (requirement instanceof EndpointRequirement.Scope scope) {
            errors.write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "This API key lacks the scope " + scope.scope().wire() + " needed here");
            return;
        }
        if (requirement instanceof EndpointRequirement.Undeclared undeclared) {
            log.warn("Refused a request to {}: it declares neither @RequiresScope nor @PublicEndpoint",
                    undeclared.handler());
        }
        errors.write(response, HttpStatus.FORBIDDEN, "FORBIDDEN", "No API key may use this endpoint");
    }

    /** The firewall refused the path, a header or the method before anything else looked at the request. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.info("Refused an ambiguous request: {}", e.getMessage());
        SecurityHeaders.writeTo(response);
        errors.write(response, HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                "The request path is ambiguous (encoded characters, ';', '//' or dot segments); send it plainly");
    }
}
