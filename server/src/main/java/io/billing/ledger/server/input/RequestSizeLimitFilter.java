package io.billing.ledger.server.input;

import io.billing.ledger.server.web.CachedBodyRequest;
import io.billing.ledger.server.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps request bodies before anything reads them: {@code MAX_REQUEST_BYTES}, or
 * {@code MAX_USAGE_BATCH_REQUEST_BYTES} for {@code POST /v1/usage/batch} (up to 1,000
 * records). A declared length above the cap is refused unread; a chunked body is read up to
 * the cap and refused as soon as it passes it. Either way a 413 in the error envelope.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    static final String USAGE_BATCH_PATH = "/v1/usage/batch";

    private final long maxRequestBytes;
    private final long maxUsageBatchRequestBytes;
    private final ErrorResponses errors;

    public RequestSizeLimitFilter(InputLimitSettings settings, ErrorResponses errors) {
        this.maxRequestBytes = settings.maxRequestBytes();
        this.maxUsageBatchRequestBytes = settings.maxUsageBatchRequestBytes();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the exact path only: any other spelling of it gets the smaller limit
        long limit = USAGE_BATCH_PATH.equals(request.getRequestURI()) ? maxUsageBatchRequestBytes : maxRequestBytes;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit);
            return;
        }
        if (declared >= 0 || !hasBody(request)) {
            chain.doFilter(request, response); // the container delivers no more than the declared length
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), limit);
        if (body == null) {
            tooLarge(response, limit);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && !encoding.isBlank();
    }

    /** The whole body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int read; (read = in.read(buffer)) != -1; ) {
            total += read;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        errors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                "The request body is larger than the " + limit + " bytes accepted here");
    }
}
