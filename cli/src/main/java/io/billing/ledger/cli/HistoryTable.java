package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The audit trail of one resource (plans and customers share the shape of {@code HistoryEntry}). */
final class HistoryTable {

    private HistoryTable() {
    }

    static void print(BillingCli root, JsonNode entries) {
        Output output = root.output();
        if (output.json()) {
            output.printJson(entries);
            return;
        }
        output.table(entries, List.of(
                Column.text("SEQ", "sequenceNumber"), Column.text("TYPE", "type"),
                Column.text("OCCURRED_AT", "occurredAt"), Column.text("ACTOR", "actor"),
                Column.text("REQUEST_ID", "requestId"), Column.json("PAYLOAD", "payload")));
    }
}
