package io.billing.ledger.api.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be sent. Checked when an endpoint is registered or changed, and again
 * before every delivery attempt (a name may resolve elsewhere by then). In production only
 * {@code https://} is allowed and no address that reaches the server's own network
 * (loopback, private, link-local, unique-local, carrier-grade NAT, unspecified, multicast).
 */
public final class WebhookTargets {

    public static final int MAX_URL_LENGTH = 2048;

    private WebhookTargets() {
    }

    /** Why the URL's form is refused, or empty when it is acceptable. */
    public static Optional<String> formProblem(String url, boolean production) {
        if (url == null || url.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an http:// or https:// URL");
        }
        if (production && !scheme.equals("https")) {
            return Optional.of("must be an https:// URL in production");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return Optional.empty();
    }

    /**
     * Why the URL's host is refused because it resolves to an internal address (or does not
     * resolve), or empty. Every address of the name is checked.
     */
    public static Optional<String> internalAddressProblem(String url) {
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException e) {
            return Optional.of("must be a valid URL");
        }
        if (host == null) {
            return Optional.of("must name a host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isInternal(address)) {
                    return Optional.of("must not resolve to a loopback, private or link-local address");
                }
            }
            return Optional.empty();
        } catch (java.net.UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
    }

    /** True for addresses that reach the server's own machine or network rather than the internet. */
    public static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240;                            // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mappedV4 = true;
            for (int i = 0; i < 10; i++) {
                mappedV4 &= bytes[i] == 0;
            }
            if (mappedV4 && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (java.net.UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }
}
