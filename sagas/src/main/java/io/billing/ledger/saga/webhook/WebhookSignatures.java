package io.billing.ledger.saga.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The headers that sign a delivery, both families on every request (docs/webhooks.md):
 * <ul>
 * <li>the seed's: {@code X-Webhook-Id}, {@code X-Webhook-Timestamp} (unix seconds),
 *     {@code X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>}, keyed with the secret
 *     string as the user was shown it (its UTF-8 bytes);</li>
 * <li>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
 *     {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the
 *     base64-decoded part after {@code whsec_}.</li>
 * </ul>
 * While a rotated secret still signs, each signature header carries one signature per secret,
 * separated by a space, the newest first.
 */
public final class WebhookSignatures {

    private static final String SECRET_PREFIX = "whsec_";

    private WebhookSignatures() {
    }

    public static Map<String, String> headers(String id, long timestampSeconds, byte[] body, List<String> secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Webhook-Id", id);
        headers.put("X-Webhook-Timestamp", Long.toString(timestampSeconds));
        headers.put("X-Webhook-Signature", secrets.stream()
                .map(secret -> "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)))
                .collect(Collectors.joining(" ")));
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestampSeconds));
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        headers.put("webhook-signature", secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed)))
                .collect(Collectors.joining(" ")));
        return headers;
    }

    /** The Standard Webhooks key: the bytes the base64 after {@code whsec_} stands for. */
    static byte[] standardKey(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
