package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code billing audit verify}: recompute the hash chain on the server; exit 1 when it is broken. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recompute the hash chain over every sealed event (admin key). Prints the head when the chain "
                + "is intact (exit 0); else the first position where it breaks and why: event_changed, event_removed "
                + "or event_inserted (exit 1)."})
final class AuditVerifyCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand audit;

    static final String PATH = "/v1/audit/verify";

    static final List<Column> OK = List.of(Column.text("Status", "status"),
            Column.text("Events checked", "checkedEvents"), Column.text("Head position", "headPosition"),
            Column.text("Head hash", "headHash"), Column.text("Head sealed at", "headSealedAt"));

    static final List<Column> BROKEN = List.of(Column.text("Status", "status"), Column.text("Position", "position"),
            Column.text("Reason", "reason"), Column.text("Event", "eventId"),
            Column.text("Sealed hash", "sealedHash"), Column.text("Computed hash", "computedHash"),
            Column.text("Events checked before", "checkedEvents"));

    @Override
    public Integer call() {
        BillingCli root = audit.root;
        JsonNode verification = root.client().get(PATH).data();
        boolean ok = "ok".equals(verification.path("status").asText());
        root.output().object(verification, ok ? OK : BROKEN);
        if (!ok && !root.json()) {
            root.output().notice("The audit chain is broken at position " + verification.path("position").asText()
                    + " (" + verification.path("reason").asText() + ").");
        }
        return ok ? 0 : BillingCli.EXIT_API_ERROR;
    }
}
