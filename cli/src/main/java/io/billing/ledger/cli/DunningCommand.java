package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing dunning …}: the recovery of failed payments (the seed's dunning overrides). A
 * retry charges the customer's card and a resolve closes a case for good, so both ask before they
 * act, as a refund does.
 */
@Command(name = "dunning", aliases = "dunning-case", mixinStandardHelpOptions = true,
        description = "Inspect dunning cases, retry a payment now, hold or resolve a case.")
final class DunningCommand implements Callable<Integer> {

    /** A case's status as the REST API names it (the CLI only filters on it). */
    enum Status {
        ACTIVE("active"), RESOLVED("resolved"), EXHAUSTED("exhausted");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }

        static Status fromWire(String value) {
            for (Status status : values()) {
                if (status.wire.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown dunning status '" + value + "'");
        }
    }

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List dunning cases, newest first.")
    int list(@Option(names = "--status", paramLabel = "STATUS", description = "Only active, resolved or exhausted cases.")
             Status status,
             @Option(names = "--subscription", paramLabel = "SUBSCRIPTION_ID", description = "Only this subscription's.")
             String subscriptionId,
             @Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only this customer's.")
             String customerId,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", status == null ? null : status.wire());
        query.put("subscriptionId", subscriptionId);
        query.put("customerId", customerId);
        query.putAll(paging.query());
        root.output().list(root.client().get("/v1/dunning", query), List.of(
                Column.text("ID", "id"), Column.text("INVOICE", "invoiceId"), Column.text("SUBSCRIPTION", "subscriptionId"),
                Column.text("STATUS", "status"), new Column("RETRIES", DunningCommand::retriesOf),
                Column.text("NEXT_RETRY_AT", "nextRetryAt"), Column.text("ACTION", "currentAction"),
                new Column("LAST_FAILURE", DunningCommand::failureOf), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "status", aliases = {"show", "get"}, mixinStandardHelpOptions = true,
            description = "Show one case, by its id (dun_…) or its invoice's (inv_…): retries, escalation, resolution; "
                    + "now or as it was at a past instant.")
    int status(@Parameters(paramLabel = "DUNNING_OR_INVOICE_ID") String id,
               @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "As it was at this ISO-8601 instant, e.g. 2026-01-15T10:00:00Z, by its own clock "
                            + "(a test clock's time for a customer on one); rebuilt from the events recorded until then.")
            Instant asOf) {
        if (asOf != null) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("asOf", asOf.toString());
            printCase(root.client().get(path(resolveId(id)), query).data());
            return 0;
        }
        printCase(find(id));
        return 0;
    }

    @Command(name = "retry-now", mixinStandardHelpOptions = true,
            description = "Charge the invoice again now, outside the schedule. Asks for confirmation unless --yes.")
    int retryNow(@Parameters(paramLabel = "DUNNING_OR_INVOICE_ID") String id,
                 @Option(names = {"-y", "--yes"},
                         description = "Retry without asking; required when there is no terminal to ask on.")
                 boolean yes) {
        String dunningId = yes ? resolveId(id) : null;
        if (!yes) {
            JsonNode found = confirm("retry-now", id, "Charge the customer again now for");
            if (found == null) {
                root.output().failure("NOT_CONFIRMED", "Retry not confirmed: nothing was charged.");
                return BillingCli.EXIT_API_ERROR;
            }
            dunningId = found.path("id").asText();
        }
        printCase(root.client().post(path(dunningId) + "/retry-now", new RequestBody()).data());
        return 0;
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Close a case without a payment (the invoice stays open), on the record with your key. "
                    + "Asks for confirmation unless --yes.")
    int resolve(@Parameters(paramLabel = "DUNNING_OR_INVOICE_ID") String id,
                @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
                String reason,
                @Option(names = {"-y", "--yes"},
                        description = "Resolve without asking; required when there is no terminal to ask on.")
                boolean yes) {
        String dunningId = yes ? resolveId(id) : null;
        if (!yes) {
            JsonNode found = confirm("resolve", id, "Close without payment");
            if (found == null) {
                root.output().failure("NOT_CONFIRMED", "Resolve not confirmed: the case is unchanged.");
                return BillingCli.EXIT_API_ERROR;
            }
            dunningId = found.path("id").asText();
        }
        printCase(root.client().post(path(dunningId) + "/resolve", new RequestBody().with("reason", reason)).data());
        return 0;
    }

    @Command(name = "pause-escalation", mixinStandardHelpOptions = true,
            description = "Hold a case's retries and escalations while support talks to the customer.")
    int pauseEscalation(@Parameters(paramLabel = "DUNNING_OR_INVOICE_ID") String id) {
        printCase(root.client().post(path(resolveId(id)) + "/pause-escalation", new RequestBody()).data());
        return 0;
    }

    @Command(name = "resume-escalation", mixinStandardHelpOptions = true,
            description = "Let a held case go on; a step whose time passed meanwhile happens at once.")
    int resumeEscalation(@Parameters(paramLabel = "DUNNING_OR_INVOICE_ID") String id) {
        printCase(root.client().post(path(resolveId(id)) + "/resume-escalation", new RequestBody()).data());
        return 0;
    }

    /**
     * Asks at the terminal, naming the case as the server holds it. Without a terminal nobody can
     * answer: refuse before sending anything (exit 2), as {@code payments refund} does.
     */
    private JsonNode confirm(String command, String id, String action) {
        Prompt prompt = root.prompt();
        if (!prompt.available()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get(command),
                    "dunning " + command + " must be confirmed and there is no terminal to ask on (stdin and stdout "
                            + "are not both a terminal): pass --yes to go ahead without asking");
        }
        JsonNode found = find(id);
        String question = action + " dunning case " + found.path("id").asText(id) + " (invoice "
                + found.path("invoiceId").asText("-") + ", customer " + found.path("customerId").asText("-") + ", "
                + found.path("status").asText("-") + ", " + retriesOf(found) + " retries)? [y/N] ";
        return Prompt.isYes(prompt.readLine(question)) ? found : null;
    }

    private JsonNode find(String id) {
        if (id.startsWith("inv_")) {
            return root.client().get("/v1/invoices/" + ApiClient.segment(id) + "/dunning").data();
        }
        return root.client().get(path(id)).data();
    }

    private String resolveId(String id) {
        return id.startsWith("inv_") ? find(id).path("id").asText() : id;
    }

    private static String path(String dunningId) {
        return "/v1/dunning/" + ApiClient.segment(dunningId);
    }

    private static String retriesOf(JsonNode dunning) {
        return dunning.path("retryCount").asText("0") + "/" + dunning.path("maxRetries").asText("?");
    }

    private static String failureOf(JsonNode dunning) {
        String code = dunning.path("lastFailureCode").asText(null);
        String decline = dunning.path("lastDeclineCode").asText(null);
        if (code == null || decline == null) {
            return code != null ? code : decline;
        }
        return code + "/" + decline;
    }

    private void printCase(JsonNode dunning) {
        root.output().object(dunning, List.of(
                Column.text("ID", "id"), Column.text("Invoice", "invoiceId"), Column.text("Subscription", "subscriptionId"),
                Column.text("Customer", "customerId"), Column.text("Status", "status"),
                new Column("Retries", DunningCommand::retriesOf), Column.text("Next retry at", "nextRetryAt"),
                Column.text("Current action", "currentAction"), new Column("Last failure", DunningCommand::failureOf),
                Column.text("Failure kind", "lastFailureKind"), Column.text("Escalation paused", "escalationPaused"),
                Column.text("Retry in flight", "retryInFlight"), Column.text("Resolution", "resolution"),
                Column.text("Reason", "resolutionReason"), Column.text("Resolved at", "resolvedAt"),
                Column.text("Created at", "createdAt"), Column.text("Updated at", "updatedAt")));
    }
}
