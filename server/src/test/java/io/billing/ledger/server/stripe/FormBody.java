package io.billing.ledger.server.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stripe's request parameters, form-encoded as stripe-java sends them: nested ones in brackets
 * ({@code metadata[invoice_id]=inv_…}, {@code invoice_settings[default_payment_method]=pm_…}).
 * Kept flat, by their full key.
 */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> form = new TreeMap<>(); // sorted: two requests compare equal whatever the order
        if (encoded == null || encoded.isBlank()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    /** The parameters under {@code name[…]}, by their inner key. */
    static Map<String, String> nested(Map<String, String> form, String name) {
        Map<String, String> nested = new LinkedHashMap<>();
        String prefix = name + "[";
        form.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.endsWith("]")) {
                nested.put(key.substring(prefix.length(), key.length() - 1), value);
            }
        });
        return nested;
    }
}
