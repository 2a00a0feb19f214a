package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing webhooks events …}: the delivery log, one record per (event, endpoint) with every
 * attempt made to deliver it. Sending again is {@code webhooks redeliver} and {@code webhooks replay}.
 */
@Command(name = "events", aliases = "event", mixinStandardHelpOptions = true,
        description = "The delivery log: what was sent to which endpoint, and how each attempt went.")
final class WebhookEventsCommand implements Callable<Integer> {

    @ParentCommand
    WebhooksCommand webhooks;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List deliveries, newest first.")
    int list(@Option(names = "--webhook", paramLabel = "WEBHOOK_ID", description = "Only this endpoint's.")
             String webhookId,
             @Option(names = "--status", paramLabel = "STATUS",
                     description = "Only pending, delivered or failed deliveries.")
             WebhooksCommand.DeliveryStatus status,
             @Option(names = "--type", paramLabel = "TYPE", completionCandidates = WebhookEventTypes.Named.class,
                     description = "Only events of this type, e.g. invoice.paid.") String type,
             @Mixin PageOptions paging) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("webhookSubscriptionId", webhookId);
        query.put("status", status == null ? null : status.wire());
        query.put("type", type);
        query.putAll(paging.query());
        BillingCli root = webhooks.root;
        root.output().list(root.client().get(PATH, query), LIST_COLUMNS);
        return 0;
    }

    @Command(name = "show", aliases = "get", mixinStandardHelpOptions = true,
            description = "Show one delivery: its status, its payload and every attempt with the endpoint's answer.")
    int show(@Parameters(paramLabel = "EVENT_ID") String eventId) {
        BillingCli root = webhooks.root;
        JsonNode event = root.client().get(path(eventId)).data();
        Output output = root.output();
        if (output.json()) {
            output.printJson(event);
            return 0;
        }
        output.object(event, FIELDS);
        output.out().println();
        JsonNode attempts = event.path("attempts");
        if (attempts.isEmpty()) {
            output.out().println("No attempts yet.");
            output.out().flush();
            return 0;
        }
        // The response body last: it is the widest cell, and the last column is never padded.
        output.table(attempts, List.of(
                Column.text("TIME", "time"),
                Column.text("STATUS_CODE", "statusCode"), Column.text("DURATION_MS", "durationMs"),
                Column.text("RESPONSE_BODY", "responseBody")));
        return 0;
    }

    static final String PATH = "/v1/webhook-events";

    static final List<Column> LIST_COLUMNS = List.of(
            Column.text("ID", "id"), Column.text("TYPE", "type"), Column.text("WEBHOOK", "webhookSubscriptionId"),
            Column.text("STATUS", "status"), Column.text("ATTEMPTS", "attemptCount"),
            Column.text("LAST_CODE", "lastResponseStatus"), Column.text("LAST_ATTEMPT_AT", "lastAttemptAt"),
            Column.text("NEXT_ATTEMPT_AT", "nextAttemptAt"), Column.text("CREATED_AT", "createdAt"));

    static final List<Column> FIELDS = List.of(
            Column.text("ID", "id"), Column.text("Type", "type"), Column.text("Webhook", "webhookSubscriptionId"),
            Column.text("Status", "status"), Column.text("Attempts", "attemptCount"),
            Column.text("Last response", "lastResponseStatus"), Column.text("Last attempt at", "lastAttemptAt"),
            Column.text("Next attempt at", "nextAttemptAt"), Column.text("Created at", "createdAt"),
            Column.text("Updated at", "updatedAt"), Column.json("Payload", "payload"));

    static String path(String eventId) {
        return PATH + "/" + ApiClient.segment(eventId);
    }
}
