package io.billing.ledger.server.web;

import jakarta.servlet.http.HttpServletRequest;

/** The paths that answer without an API key: health and the API description. */
final class PublicPaths {

    private PublicPaths() {
    }

    static boolean isPublic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/health") || path.equals("/health/ready")
                || path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/")
                || path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/");
    }
}
