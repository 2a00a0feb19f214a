package io.billing.ledger.server.web;

import io.billing.ledger.command.web.RequestAttributes;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat refuses some requests itself, before any filter runs (an encoded {@code /} or
 * {@code \}, {@code %00}, an unparsable request line) and answers them with its HTML error
 * page. This valve takes that page's place and writes the API's error envelope instead.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String code = resolved == null ? "VALIDATION_ERROR" : ErrorEnvelopeController.codeOf(resolved);
        Object known = request.getAttribute(RequestAttributes.REQUEST_ID);
        String requestId = known != null ? known.toString() : UUID.randomUUID().toString();
        String message = status == 400 ? "The request is malformed or its path is ambiguous; send it plainly"
                : resolved == null ? "The request was refused" : resolved.getReasonPhrase();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                // every value is ours (a code, a fixed message, a UUID or a checked request id): nothing to escape
                writer.write("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                        + "\",\"requestId\":\"" + requestId + "\"}}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is committed: nothing more to say
        }
    }

    /** Installs the valve on the embedded Tomcat's host, in place of the HTML one. */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
                    host.getPipeline().addValve(new EnvelopeErrorReportValve());
                }
            });
        }
    }
}
