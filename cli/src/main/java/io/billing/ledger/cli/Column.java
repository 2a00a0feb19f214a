package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/** One column of a list (or one line of a resource shown on its own): a heading and how to read its cell. */
record Column(String heading, Function<JsonNode, Object> cell) {

    /** A field shown as the server sent it. */
    static Column text(String heading, String field) {
        return new Column(heading, node -> node.path(field).asText(null));
    }

    /** An amount in minor units shown with its currency, e.g. "29.00 USD". */
    static Column amount(String heading, String centsField) {
        return new Column(heading, node -> AmountFormat.format(node.path(centsField).asLong(),
                node.path("currency").asText(null)));
    }

    /** The same amount, with its minor units kept visible for reconciliation: "29.00 USD (2900)". */
    static Column amountWithMinorUnits(String heading, String centsField) {
        return new Column(heading, node -> AmountFormat.withMinorUnits(node.path(centsField).asLong(),
                node.path("currency").asText(null)));
    }

    /** Free-form JSON (metadata, payloads) on one compact line. */
    static Column json(String heading, String field) {
        return new Column(heading, node -> {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.toString();
        });
    }
}
