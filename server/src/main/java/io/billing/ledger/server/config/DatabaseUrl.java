package io.billing.ledger.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location given either in the seed's form
 * ({@code postgresql://user:pass@host:port/db?params}) or as a JDBC URL.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static boolean isSupported(String url) {
        try {
            parse(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new DatabaseUrl(url, null, null);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("not a PostgreSQL URL");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new IllegalArgumentException("a PostgreSQL URL needs a host and a database");
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
            return new DatabaseUrl(jdbc, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed URL", e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]"; // never the password
    }
}
