package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The audit trail of one resource (plans and customers share the shape of {@code HistoryEntry}). */
final class HistoryTable {

    private HistoryTable() {
    }

    static void print(BillingCli root, JsonNode entries) {
        if (root.json()) {
            root.printJson(entries);
            return;
        }
        TablePrinter table = new TablePrinter("SEQ", "TYPE", "OCCURRED_AT", "ACTOR", "REQUEST_ID", "PAYLOAD");
        for (JsonNode entry : entries) {
            table.row(entry.path("sequenceNumber").asText(null), entry.path("type").asText(null),
                    entry.path("occurredAt").asText(null), entry.path("actor").asText(null),
                    entry.path("requestId").asText(null), root.compactJson(entry.get("payload")));
        }
        table.print(root.out());
    }
}
