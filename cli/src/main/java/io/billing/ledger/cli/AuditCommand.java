package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing audit …}: the audit log (docs/audit.md), an admin key's tool. One subcommand per
 * question an auditor asks: {@code query} is a method here; the chain's {@code verify} and {@code head}
 * are classes of their own.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Who did what to which resource, with the resource before and after; verify the tamper-evident "
                + "hash chain over the event store and show its head (admin key).",
        subcommands = {AuditVerifyCommand.class, AuditHeadCommand.class})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "List audit entries, newest first. --format json prints each entry whole, before and after included.")
    int query(@Option(names = "--resource-type", paramLabel = "TYPE",
                      description = "Plan, Customer, Subscription, Invoice, Payment, DunningCase, ApiKey, "
                              + "WebhookSubscription, TestClock or UsageRecord.") String resourceType,
              @Option(names = "--resource-id", paramLabel = "ID", description = "One resource's entries.")
              String resourceId,
              @Option(names = "--actor", paramLabel = "ACTOR",
                      description = "An API key id, cli:<key id>, or system:<component>.") String actor,
              @Option(names = "--action", paramLabel = "ACTION", description = "A dotted action, e.g. subscription.canceled.")
              String action,
              @Option(names = "--from", paramLabel = "INSTANT", description = "Recorded at or after this ISO-8601 instant.")
              Instant from,
              @Option(names = "--to", paramLabel = "INSTANT", description = "Recorded before this ISO-8601 instant.")
              Instant to,
              @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("resourceType", resourceType);
        query.put("resourceId", resourceId);
        query.put("actor", actor);
        query.put("action", action);
        query.put("from", from == null ? null : from.toString());
        query.put("to", to == null ? null : to.toString());
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/audit", query), List.of(
                Column.text("CREATED_AT", "createdAt"), Column.text("ACTOR", "actor"), Column.text("ACTION", "action"),
                Column.text("RESOURCE_TYPE", "resourceType"), Column.text("RESOURCE_ID", "resourceId"),
                new Column("CHANGED", AuditCommand::changed),
                new Column("POSITION", entry -> entry.path("metadata").path("position").asText(null)),
                new Column("REQUEST_ID", entry -> entry.path("metadata").path("requestId").asText(null))));
        return 0;
    }

    /** What an entry changed, for the table: the fields whose value differs between before and after. */
    static String changed(JsonNode entry) {
        JsonNode before = entry.path("before");
        JsonNode after = entry.path("after");
        if (!before.isObject()) {
            return after.isObject() ? "(created)" : "";
        }
        if (!after.isObject()) {
            return "(deleted)";
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("updatedAt") && !after.get(name).equals(before.get(name))) {
                fields.add(name);
            }
        }
        return String.join(",", fields);
    }
}
