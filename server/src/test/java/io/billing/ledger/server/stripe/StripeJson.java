package io.billing.ledger.server.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.Stripe;

import java.security.SecureRandom;
import java.util.Map;

/**
 * Stripe's JSON shapes, as much of them as stripe-java reads and our adapter uses: objects carry
 * {@code object} and prefixed ids ({@code cus_}, {@code pi_}, {@code ch_}, {@code re_}, {@code dp_},
 * {@code evt_}), amounts in minor units, times in epoch seconds, {@code livemode: false}.
 */
public final class StripeJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The API version stripe-java 33.3.0 is pinned to: events must carry it to be read safely. */
    public static final String API_VERSION = Stripe.API_VERSION;

    private StripeJson() {
    }

    /** A Stripe-like id: the prefix and 24 random letters and digits. */
    static String id(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append("_");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static ObjectNode object(String type, String id, long created) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", id);
        node.put("object", type);
        node.put("created", created);
        node.put("livemode", false);
        return node;
    }

    static ObjectNode metadata(Map<String, String> values) {
        ObjectNode node = MAPPER.createObjectNode();
        values.forEach(node::put);
        return node;
    }

    static ObjectNode error(String type, String code, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        ObjectNode body = MAPPER.createObjectNode();
        body.set("error", error);
        return body;
    }

    /** An event as Stripe sends it to a webhook endpoint. */
    static ObjectNode event(String type, JsonNode object, long created) {
        ObjectNode event = object("event", id("evt"), created);
        event.put("api_version", API_VERSION);
        ObjectNode data = MAPPER.createObjectNode();
        data.set("object", object.deepCopy());
        event.set("data", data);
        event.put("pending_webhooks", 1);
        ObjectNode request = MAPPER.createObjectNode();
        request.putNull("id");
        request.putNull("idempotency_key");
        event.set("request", request);
        event.put("type", type);
        return event;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
