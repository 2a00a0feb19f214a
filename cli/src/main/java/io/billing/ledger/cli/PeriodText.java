package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A billing period as one readable value, "start to end"; a dash (via TablePrinter) when the server sent none. */
final class PeriodText {

    private PeriodText() {
    }

    static String of(JsonNode resource, String startField, String endField) {
        String start = resource.path(startField).asText(null);
        String end = resource.path(endField).asText(null);
        if (start == null && end == null) {
            return null;
        }
        return (start == null ? "-" : start) + " to " + (end == null ? "-" : end);
    }
}
