package io.billing.ledger.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Our endpoints speak JSON only, and say so before a handler runs: an {@code Accept} without
 * JSON is a 406 (Spring MVC would notice only when writing the answer, after a command had
 * committed), and a wildcard {@code Content-Type} such as {@code *}{@code /*} on a body is a
 * 415 (Spring MVC fails on it with an IllegalArgumentException, a 500).
 */
@Configuration
public class JsonMediaTypes implements WebMvcConfigurer, HandlerInterceptor {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException, HttpMediaTypeNotSupportedException {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith("io.billing.ledger.")
                || ErrorController.class.isAssignableFrom(method.getBeanType()) || producesOtherThanJson(method)) {
            return true;
        }
        if (!acceptsJson(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)))) {
            throw new HttpMediaTypeNotAcceptableException(JSON);
        }
        String contentType = request.getContentType();
        if (contentType != null && takesABody(method) && isWildcard(contentType)) {
            throw new HttpMediaTypeNotSupportedException(contentType + " is not a concrete media type");
        }
        return true;
    }

    /** A handler declaring other media types (GET /metrics: Prometheus text) is negotiated by Spring MVC itself. */
    private static boolean producesOtherThanJson(HandlerMethod method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        return mapping != null && mapping.produces().length > 0 && Arrays.stream(mapping.produces())
                .map(MediaType::parseMediaType).noneMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
    }

    private static boolean acceptsJson(List<String> accept) {
        if (accept.isEmpty()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean takesABody(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters()).anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
    }

    private static boolean isWildcard(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false; // Spring MVC answers an unreadable Content-Type with 415 itself
        }
    }
}
