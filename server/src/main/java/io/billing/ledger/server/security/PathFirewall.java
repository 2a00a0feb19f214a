package io.billing.ledger.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Refuses every path that could be read two ways. {@link StrictHttpFirewall}'s defaults
 * refuse {@code ;}, {@code //}, dot segments and encoded {@code /}, {@code \}, {@code .},
 * {@code %} and NUL; on top, a percent-encoded unreserved character ({@code %61} for
 * {@code a}, {@code %2D} for {@code -}): RFC 3986 says it means the same as the plain
 * character, so the only reason to send it is to make two readers of the path disagree.
 */
public class PathFirewall extends StrictHttpFirewall {

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
        FirewalledRequest checked = super.getFirewalledRequest(request);
        if (encodesAnUnreservedCharacter(request.getRequestURI())) {
            throw new RequestRejectedException("The request was rejected because the URL encodes a character"
                    + " that needs no encoding");
        }
        return checked;
    }

    static boolean encodesAnUnreservedCharacter(String rawPath) {
        for (int at = rawPath.indexOf('%'); at >= 0 && at + 2 < rawPath.length(); at = rawPath.indexOf('%', at + 1)) {
            int high = Character.digit(rawPath.charAt(at + 1), 16);
            int low = Character.digit(rawPath.charAt(at + 2), 16);
            if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
