package io.billing.ledger.server.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A request seen by the MVC layer either as it is (only to find its handler) or as a plain
 * {@code GET} of another path, to read the resource a committed command produced. Its
 * attributes are its own, laid over the original's (which still give the caller's identity),
 * so that routing it leaves the original request untouched.
 */
final class ResourceReadRequest extends HttpServletRequestWrapper {

    private final String path;
    private final Map<String, Object> attributes = new HashMap<>();
    private final Set<String> removed = new HashSet<>();

    private ResourceReadRequest(HttpServletRequest request, String path) {
        super(request);
        this.path = path;
    }

    /** The same request, with attributes of its own. */
    static ResourceReadRequest sameAs(HttpServletRequest request) {
        return new ResourceReadRequest(request, null);
    }

    /** A GET of {@code path} (below the context path), without body, parameters or idempotency key. */
    static ResourceReadRequest getOf(HttpServletRequest request, String path) {
        return new ResourceReadRequest(request, path);
    }

    private boolean rewritten() {
        return path != null;
    }

    @Override
    public String getMethod() {
        return rewritten() ? "GET" : super.getMethod();
    }

    @Override
    public String getRequestURI() {
        return rewritten() ? getContextPath() + path : super.getRequestURI();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (!rewritten()) {
            return super.getRequestURL();
        }
        StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
        return url.append(':').append(getServerPort()).append(getRequestURI());
    }

    @Override
    public String getServletPath() {
        return rewritten() ? path : super.getServletPath();
    }

    @Override
    public String getPathInfo() {
        return rewritten() ? null : super.getPathInfo();
    }

    @Override
    public String getQueryString() {
        return rewritten() ? null : super.getQueryString();
    }

    @Override
    public String getParameter(String name) {
        return rewritten() ? null : super.getParameter(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return rewritten() ? Map.of() : super.getParameterMap();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return rewritten() ? Collections.emptyEnumeration() : super.getParameterNames();
    }

    @Override
    public String[] getParameterValues(String name) {
        return rewritten() ? null : super.getParameterValues(name);
    }

    @Override
    public String getHeader(String name) {
        return rewritten() && isBodyHeader(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return rewritten() && isBodyHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    private static boolean isBodyHeader(String name) {
        return name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase(IdempotencyFilter.HEADER);
    }

    @Override
    public String getContentType() {
        return rewritten() ? null : super.getContentType();
    }

    @Override
    public int getContentLength() {
        return rewritten() ? 0 : super.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return rewritten() ? 0 : super.getContentLengthLong();
    }

    @Override
    public ServletInputStream getInputStream() throws java.io.IOException {
        if (!rewritten()) {
            return super.getInputStream();
        }
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return true;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }

            @Override
            public int read() {
                return -1;
            }
        };
    }

    @Override
    public BufferedReader getReader() throws java.io.IOException {
        return rewritten() ? new BufferedReader(new StringReader("")) : super.getReader();
    }

    @Override
    public Object getAttribute(String name) {
        if (attributes.containsKey(name)) {
            return attributes.get(name);
        }
        return removed.contains(name) ? null : super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
        names.removeAll(removed);
        names.addAll(attributes.keySet());
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        removed.remove(name);
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
        removed.add(name);
    }
}
