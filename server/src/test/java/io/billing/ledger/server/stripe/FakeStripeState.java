package io.billing.ledger.server.stripe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billing.ledger.saga.gateway.TestCard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the fake Stripe remembers, and how its API acts on it: customers, the payment methods
 * attached to them, PaymentIntents with their charges, refunds and disputes. Payment methods are
 * Stripe's test ones ({@link TestCard}, the simulated processor's own list), and they behave the
 * same: {@code pm_card_visa} charges, {@code pm_card_chargeDeclined} is declined with Stripe's
 * codes, and so on. Every change appends the event Stripe would send. One lock guards it all:
 * {@link FakeStripe} calls in under it.
 */
final class FakeStripeState {

    /** An HTTP answer: status and Stripe's JSON. */
    record Answer(int status, ObjectNode body) {
    }

    private final Clock clock;
    private final Consumer<ObjectNode> events;
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> intents = new LinkedHashMap<>();
    private final Map<String, ObjectNode> charges = new LinkedHashMap<>();
    private final Map<String, ObjectNode> refunds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> disputes = new LinkedHashMap<>();
    private int chargesMade;

    FakeStripeState(Clock clock, Consumer<ObjectNode> events) {
        this.clock = clock;
        this.events = events;
    }

    int chargesMade() {
        return chargesMade;
    }

    Optional<ObjectNode> intent(String id) {
        return Optional.ofNullable(intents.get(id)).map(ObjectNode::deepCopy);
    }

    Answer createCustomer(Map<String, String> form) {
        ObjectNode customer = StripeJson.object("customer", StripeJson.id("cus"), now());
        customer.put("name", form.get("name"));
        customer.put("email", form.get("email"));
        customer.set("metadata", StripeJson.metadata(FormBody.nested(form, "metadata")));
        ObjectNode invoiceSettings = customer.putObject("invoice_settings");
        invoiceSettings.putNull("default_payment_method");
        invoiceSettings.putNull("footer");
        customers.put(customer.get("id").asText(), customer);
        emit("customer.created", customer);
        return ok(customer);
    }

    Answer updateCustomer(String id, Map<String, String> form) {
        ObjectNode customer = customers.get(id);
        if (customer == null) {
            return noSuch("customer", id);
        }
        form.forEach((key, value) -> {
            if (key.equals("name") || key.equals("email")) {
                customer.put(key, value);
            }
        });
        FormBody.nested(form, "metadata").forEach(((ObjectNode) customer.get("metadata"))::put);
        String defaultMethod = FormBody.nested(form, "invoice_settings").get("default_payment_method");
        if (defaultMethod != null) {
            ((ObjectNode) customer.get("invoice_settings")).put("default_payment_method", defaultMethod);
        }
        emit("customer.updated", customer);
        return ok(customer);
    }

    Answer retrieveCustomer(String id) {
        ObjectNode customer = customers.get(id);
        return customer == null ? noSuch("customer", id) : ok(customer);
    }

    /** Stripe's test payment methods attach under their own id here (Stripe would mint a new pm_ id). */
    Answer attachPaymentMethod(String paymentMethodId, Map<String, String> form) {
        Optional<TestCard> card = TestCard.find(paymentMethodId);
        if (card.isEmpty()) {
            return noSuch("payment_method", paymentMethodId);
        }
        String customerId = form.get("customer");
        if (customerId == null || !customers.containsKey(customerId)) {
            return noSuch("customer", customerId);
        }
        ObjectNode method = paymentMethod(card.get(), customerId);
        emit("payment_method.attached", method);
        return ok(method);
    }

    /**
     * PaymentIntent create with {@code confirm=true}: charges the payment method at once. A decline
     * is a 402 {@code card_error} embedding the PaymentIntent ({@code requires_payment_method},
     * {@code last_payment_error}); off session, a card that needs 3-D Secure is declined with
     * {@code authentication_required}; on session it waits in {@code requires_action}.
     */
    Answer createPaymentIntent(Map<String, String> form, String baseUrl) {
        long amount;
        try {
            amount = Long.parseLong(form.getOrDefault("amount", ""));
        } catch (NumberFormatException e) {
            return invalid("parameter_missing", "amount", "Missing required param: amount.");
        }
        if (amount < 1) {
            return invalid("amount_too_small", "amount", "Amount must be at least 1 unit of the currency.");
        }
        String currency = form.get("currency");
        if (currency == null || !currency.matches("[a-z]{3}")) {
            return invalid("parameter_missing", "currency", "Missing required param: currency.");
        }
        String customerId = form.get("customer");
        if (customerId != null && !customers.containsKey(customerId)) {
            return noSuch("customer", customerId);
        }
        String methodId = form.get("payment_method");
        ObjectNode intent = StripeJson.object("payment_intent", StripeJson.id("pi"), now());
        intent.put("amount", amount);
        intent.put("amount_received", 0);
        intent.put("currency", currency);
        intent.put("customer", customerId);
        intent.put("description", form.get("description"));
        intent.put("payment_method", methodId);
        intent.put("capture_method", "automatic");
        intent.put("confirmation_method", "automatic");
        intent.putArray("payment_method_types").add("card");
        intent.set("metadata", StripeJson.metadata(FormBody.nested(form, "metadata")));
        intent.putNull("last_payment_error");
        intent.putNull("next_action");
        intent.putNull("latest_charge");
        intent.put("status", "requires_payment_method");
        if (methodId != null && TestCard.find(methodId).isEmpty()) {
            return invalid("resource_missing", "payment_method", "No such PaymentMethod: '" + methodId + "'");
        }
        intents.put(intent.get("id").asText(), intent);
        if (methodId == null) {
            emit("payment_intent.created", intent);
            return ok(intent);
        }
        intent.put("status", "requires_confirmation");
        if (!"true".equals(form.get("confirm"))) {
            emit("payment_intent.created", intent);
            return ok(intent);
        }
        return confirm(intent, TestCard.find(methodId).orElseThrow(), "true".equals(form.get("off_session")), baseUrl);
    }

    private Answer confirm(ObjectNode intent, TestCard card, boolean offSession, String baseUrl) {
        String intentId = intent.get("id").asText();
        if (card == TestCard.AUTHENTICATION_REQUIRED && !offSession) {
            intent.put("status", "requires_action");
            ObjectNode next = intent.putObject("next_action");
            next.put("type", "redirect_to_url");
            next.putObject("redirect_to_url").put("url", baseUrl + "/authenticate/" + intentId).putNull("return_url");
            emit("payment_intent.requires_action", intent);
            return ok(intent);
        }
        ObjectNode charge = charge(intent, card);
        intent.put("latest_charge", charge.get("id").asText());
        if (card.failureCode() == null) {
            intent.put("status", "succeeded");
            intent.put("amount_received", intent.get("amount").asLong());
            chargesMade++;
            emit("charge.succeeded", charge);
            emit("payment_intent.succeeded", intent);
            if (card == TestCard.CREATE_DISPUTE) {
                openDispute(charge);
            }
            return ok(intent);
        }
        ObjectNode error = StripeJson.MAPPER.createObjectNode();
        error.put("type", "card_error");
        error.put("code", card.failureCode());
        if (card.declineCode() != null) {
            error.put("decline_code", card.declineCode());
        }
        error.put("message", card.message());
        error.put("charge", charge.get("id").asText());
        error.set("payment_method", paymentMethod(card, intent.path("customer").asText(null)));
        intent.set("last_payment_error", error.deepCopy());
        intent.put("status", "requires_payment_method");
        emit("charge.failed", charge);
        emit("payment_intent.payment_failed", intent);
        ObjectNode answer = error.deepCopy();
        answer.set("payment_intent", intent.deepCopy());
        ObjectNode body = StripeJson.MAPPER.createObjectNode();
        body.set("error", answer);
        return new Answer(402, body);
    }

    private ObjectNode charge(ObjectNode intent, TestCard card) {
        boolean paid = card.failureCode() == null;
        ObjectNode charge = StripeJson.object("charge", StripeJson.id("ch"), now());
        charge.put("amount", intent.get("amount").asLong());
        charge.put("amount_captured", paid ? intent.get("amount").asLong() : 0);
        charge.put("amount_refunded", 0);
        charge.put("captured", paid);
        charge.put("currency", intent.get("currency").asText());
        charge.set("customer", intent.get("customer"));
        charge.put("disputed", false);
        charge.put("paid", paid);
        charge.put("payment_intent", intent.get("id").asText());
        charge.put("payment_method", card.id());
        charge.put("refunded", false);
        charge.put("status", paid ? "succeeded" : "failed");
        charge.put("failure_code", card.failureCode());
        charge.put("failure_message", card.message());
        charge.set("metadata", intent.get("metadata").deepCopy());
        // since API version 2022-11-15 a charge no longer embeds its refunds
        charges.put(charge.get("id").asText(), charge);
        return charge;
    }

    Answer retrievePaymentIntent(String id) {
        ObjectNode intent = intents.get(id);
        return intent == null ? noSuch("payment_intent", id) : ok(intent);
    }

    /** A refund of a succeeded PaymentIntent: all that is left, or {@code amount} of it. */
    Answer createRefund(Map<String, String> form) {
        String intentId = form.get("payment_intent");
        ObjectNode intent = intentId == null ? null : intents.get(intentId);
        if (intent == null) {
            return intentId == null ? invalid("parameter_missing", "payment_intent",
                    "One of the following params should be provided for this request: payment_intent or charge.")
                    : noSuch("payment_intent", intentId);
        }
        ObjectNode charge = charges.get(intent.path("latest_charge").asText(""));
        if (!"succeeded".equals(intent.get("status").asText()) || charge == null) {
            return invalid("charge_not_refundable", "payment_intent",
                    "This PaymentIntent does not have a successful charge to refund.");
        }
        long left = charge.get("amount").asLong() - charge.get("amount_refunded").asLong();
        long amount = form.containsKey("amount") ? Long.parseLong(form.get("amount")) : left;
        if (amount < 1 || amount > left) {
            return invalid("amount_too_large", "amount", "Refund amount (" + amount
                    + ") is greater than unrefunded amount on charge (" + left + ")");
        }
        String reason = form.get("reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            return invalid("parameter_invalid_string", "reason", "Invalid reason: " + reason);
        }
        ObjectNode refund = StripeJson.object("refund", StripeJson.id("re"), now());
        refund.remove("livemode");
        refund.put("amount", amount);
        refund.put("charge", charge.get("id").asText());
        refund.put("currency", charge.get("currency").asText());
        refund.put("payment_intent", intentId);
        refund.put("reason", reason);
        refund.put("status", "succeeded");
        refund.set("metadata", StripeJson.metadata(FormBody.nested(form, "metadata")));
        refunds.put(refund.get("id").asText(), refund);
        charge.put("amount_refunded", charge.get("amount_refunded").asLong() + amount);
        charge.put("refunded", charge.get("amount_refunded").asLong() == charge.get("amount").asLong());
        emit("refund.created", refund);
        emit("charge.refunded", charge);
        return ok(refund);
    }

    /** {@code GET /v1/refunds?charge=ch_…}: one page of all of them, newest first, as Stripe lists. */
    Answer listRefunds(Map<String, String> query) {
        String chargeId = query.get("charge");
        List<ObjectNode> matching = new ArrayList<>();
        refunds.values().stream().filter(refund -> chargeId == null || chargeId.equals(refund.get("charge").asText()))
                .forEach(matching::add);
        java.util.Collections.reverse(matching);
        ObjectNode list = StripeJson.MAPPER.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        matching.forEach(refund -> data.add(refund.deepCopy()));
        list.put("has_more", false);
        list.put("url", "/v1/refunds");
        return new Answer(200, list);
    }

    private void openDispute(ObjectNode charge) {
        ObjectNode dispute = StripeJson.object("dispute", StripeJson.id("dp"), now());
        dispute.put("amount", charge.get("amount").asLong());
        dispute.put("charge", charge.get("id").asText());
        dispute.put("currency", charge.get("currency").asText());
        dispute.put("payment_intent", charge.get("payment_intent").asText());
        dispute.put("reason", "fraudulent");
        dispute.put("status", "needs_response");
        dispute.put("is_charge_refundable", false);
        dispute.set("metadata", StripeJson.MAPPER.createObjectNode());
        disputes.put(dispute.get("id").asText(), dispute);
        charge.put("disputed", true);
        emit("charge.dispute.created", dispute);
    }

    /** Closes the open dispute of a PaymentIntent as the bank decided: {@code won} or {@code lost}. */
    String closeDispute(String paymentIntentId, boolean won) {
        ObjectNode dispute = disputes.values().stream()
                .filter(candidate -> paymentIntentId.equals(candidate.get("payment_intent").asText())
                        && "needs_response".equals(candidate.get("status").asText()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no open dispute on " + paymentIntentId));
        dispute.put("status", won ? "won" : "lost");
        emit("charge.dispute.closed", dispute);
        return dispute.get("id").asText();
    }

    private ObjectNode paymentMethod(TestCard card, String customerId) {
        ObjectNode method = StripeJson.object("payment_method", card.id(), now());
        method.put("type", "card");
        method.put("customer", customerId);
        ObjectNode details = method.putObject("card");
        details.put("brand", card.brand());
        details.put("last4", card.last4());
        details.put("exp_month", 12);
        details.put("exp_year", card.expYear(java.time.Instant.now())); // the fake is Stripe: wall time
        details.put("funding", "credit");
        details.put("country", "US");
        method.set("metadata", StripeJson.MAPPER.createObjectNode());
        return method;
    }

    private void emit(String type, ObjectNode object) {
        events.accept(StripeJson.event(type, object, now()));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static Answer ok(ObjectNode object) {
        return new Answer(200, object.deepCopy());
    }

    private static Answer noSuch(String resource, String id) {
        String name = Map.of("payment_method", "PaymentMethod").getOrDefault(resource, resource);
        ObjectNode body = StripeJson.error("invalid_request_error", "resource_missing",
                "No such " + name + ": '" + id + "'");
        ((ObjectNode) body.get("error")).put("param", resource.equals("customer") ? "customer" : "id");
        return new Answer(404, body);
    }

    private static Answer invalid(String code, String param, String message) {
        ObjectNode body = StripeJson.error("invalid_request_error", code, message);
        ((ObjectNode) body.get("error")).put("param", param);
        return new Answer(400, body);
    }
}
