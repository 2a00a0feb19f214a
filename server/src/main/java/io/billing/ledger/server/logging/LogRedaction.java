package io.billing.ledger.server.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The last line of defence between a secret and the log store. The code never hands a key, a
 * secret or a header to a logger (the logs-of-a-run test checks it); should a library's
 * message ever carry one, every string of a JSON log line is passed through {@link #redact}:
 * anything shaped like one of our credentials (an API key {@code blk_…}, a webhook secret
 * {@code whsec_…}, a Stripe key {@code sk_…}/{@code rk_…}, a bearer token) and the exact values
 * of the secret settings the server was started with are replaced by {@code [redacted]}.
 */
public final class LogRedaction {

    public static final String REDACTED = "[redacted]";

    private static final Pattern SECRET_SHAPES = Pattern.compile(
            "(?i)\\bbearer\\s+[^\\s\"',;]+"
                    + "|\\b(?:blk|whsec|whsign|sk_test|sk_live|rk_test|rk_live)_[A-Za-z0-9+/=_-]{4,}");

    /** Values of the secret settings (shorter ones would redact ordinary words). */
    private static final Set<String> CONFIGURED = new CopyOnWriteArraySet<>();
    private static final int SHORTEST_SECRET = 8;

    private LogRedaction() {
    }

    /** A setting that holds a secret (STRIPE_SECRET_KEY, WEBHOOK_SIGNING_SECRET, …): its value is redacted too. */
    public static void secretSetting(String value) {
        if (value == null) {
            return;
        }
        for (String part : value.split(",")) {
            String secret = part.trim();
            if (secret.length() >= SHORTEST_SECRET) {
                CONFIGURED.add(secret);
            }
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = SECRET_SHAPES.matcher(text).replaceAll(REDACTED);
        for (String secret : CONFIGURED) {
            if (redacted.contains(secret)) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        return redacted;
    }

    /** {@code logging.structured.json.customizer} with LOG_FORMAT=json: every string member is redacted. */
    public static class JsonMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

        @Override
        public void customize(JsonWriter.Members<Object> members) {
            members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, LogRedaction::redact));
        }
    }
}
