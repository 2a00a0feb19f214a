package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code billing webhooks …}: the endpoints that receive the ledger's events, and what was sent to
 * them. The subscription commands live here; the delivery log is {@code webhooks events}, and the
 * two ways to send again are {@code redeliver} (one delivery) and {@code replay} (a window of one
 * endpoint's deliveries). Deleting an endpoint and rotating its secret break a consumer that is not
 * ready for it, so those two ask before they act.
 */
@Command(name = "webhooks", aliases = "webhook", mixinStandardHelpOptions = true,
        description = "Register webhook endpoints, rotate their secrets, inspect and resend their deliveries.",
        subcommands = WebhookEventsCommand.class)
final class WebhooksCommand implements Callable<Integer> {

    /**
     * A delivery's status as the REST API names it; a filter for {@code events list} and {@code replay}.
     * The CLI's own small enum, like {@link PaymentsCommand.Status}.
     */
    enum DeliveryStatus {
        PENDING("pending"), DELIVERED("delivered"), FAILED("failed");

        private final String wire;

        DeliveryStatus(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }

        static DeliveryStatus fromWire(String value) {
            for (DeliveryStatus status : values()) {
                if (status.wire.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown delivery status '" + value + "'");
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List webhook endpoints, newest first.")
    int list(@Mixin PageOptions paging) {
        root.output().list(root.client().get(PATH, paging.query()), List.of(
                Column.text("ID", "id"), Column.text("URL", "url"),
                new Column("EVENT_TYPES", WebhooksCommand::eventTypesOf), Column.text("ACTIVE", "isActive"),
                Column.text("DESCRIPTION", "description"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "show", aliases = "get", mixinStandardHelpOptions = true,
            description = "Show one webhook endpoint (never its secret).")
    int show(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId) {
        root.output().object(root.client().get(path(webhookId)).data(), FIELDS);
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register an endpoint. Its signing secret is printed once and can never be shown again.")
    int create(@Option(names = "--endpoint", required = true, paramLabel = "URL",
                       description = "Where to POST the events (https:// in production). --url is the "
                               + "billing server's own address.") String url,
               @Option(names = "--event-type", paramLabel = "TYPE", split = ",",
                       completionCandidates = WebhookEventTypes.class,
                       description = "An event type to send, e.g. invoice.paid; repeatable or comma-separated.")
               List<String> eventTypes,
               @Option(names = "--all-events",
                       description = "Every event type, including those added later (sends \"*\").")
               boolean allEvents,
               @Option(names = "--description", paramLabel = "TEXT", description = "What the endpoint is for.")
               String description) {
        List<String> types = eventTypes(eventTypes, allEvents, "create");
        if (types == null) {
            throw new ParameterException(subcommand("create"),
                    "Which events? Give --event-type TYPE (repeatable) or --all-events");
        }
        RequestBody body = new RequestBody()
                .with("url", url)
                .with("eventTypes", types)
                .withOptional("description", description);
        printWithSecret(root.client().post(PATH, body).data(),
                "Store this signing secret now: it is shown only once, and the server will never show it again "
                        + "(rotate-secret issues a new one).");
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change an endpoint's URL, event types or description, or switch its deliveries on or off.")
    int update(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId,
               @Option(names = "--endpoint", paramLabel = "URL", description = "New target URL.") String url,
               @Option(names = "--event-type", paramLabel = "TYPE", split = ",",
                       completionCandidates = WebhookEventTypes.class,
                       description = "Replaces the event types; repeatable or comma-separated.")
               List<String> eventTypes,
               @Option(names = "--all-events", description = "Replaces the event types with \"*\".")
               boolean allEvents,
               @Option(names = "--description", paramLabel = "TEXT", description = "New description.")
               String description,
               @Option(names = "--enable", description = "Deliver again (isActive: true).") boolean enable,
               @Option(names = "--disable",
                       description = "Stop delivering, keep the endpoint and its log (isActive: false).")
               boolean disable) {
        if (enable && disable) {
            throw new ParameterException(subcommand("update"), "--enable and --disable contradict each other");
        }
        RequestBody body = new RequestBody()
                .withOptional("url", url)
                .withOptional("eventTypes", eventTypes(eventTypes, allEvents, "update"))
                .withOptional("isActive", enable ? Boolean.TRUE : disable ? Boolean.FALSE : null)
                .withOptional("description", description);
        if (body.isEmpty()) {
            throw new ParameterException(subcommand("update"), "Nothing to update: give at least one of --endpoint, "
                    + "--event-type, --all-events, --description, --enable, --disable");
        }
        root.output().object(root.client().patch(path(webhookId), body).data(), FIELDS);
        return 0;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an endpoint: deliveries to it stop, its delivery log stays. Asks for "
                    + "confirmation unless --yes.")
    int delete(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId,
               @Option(names = {"-y", "--yes"},
                       description = "Delete without asking; required when there is no terminal to ask on.")
               boolean yes) {
        if (!yes && !confirmed("delete", webhookId, "Delete webhook %s? Deliveries to it stop; its delivery "
                + "log stays. [y/N] ")) {
            root.output().failure("NOT_CONFIRMED", "Delete not confirmed: nothing was deleted.");
            return BillingCli.EXIT_API_ERROR;
        }
        ApiClient.Response response = root.client().delete(path(webhookId));
        Output output = root.output();
        if (response.data().isObject()) {
            output.object(response.data(), FIELDS);
        } else if (output.json()) {
            // 204 No Content: say what happened in the shape Stripe's deletes answer with.
            ObjectNode deleted = root.mapper().createObjectNode().put("id", webhookId).put("deleted", true);
            output.printJson(deleted);
        } else {
            output.out().println("Deleted webhook " + webhookId + ".");
            output.out().flush();
        }
        return 0;
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Issue a new signing secret, printed once; the old one keeps signing alongside it for "
                    + "24 h. Asks for confirmation unless --yes.")
    int rotateSecret(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId,
                     @Option(names = {"-y", "--yes"},
                             description = "Rotate without asking; required when there is no terminal to ask on.")
                     boolean yes) {
        if (!yes && !confirmed("rotate-secret", webhookId, "Rotate the signing secret of webhook %s? The old "
                + "secret keeps signing alongside the new one for 24 h. [y/N] ")) {
            root.output().failure("NOT_CONFIRMED", "Rotation not confirmed: the secret is unchanged.");
            return BillingCli.EXIT_API_ERROR;
        }
        printWithSecret(root.client().postWithoutBody(path(webhookId) + "/rotate-secret").data(),
                "Store this new signing secret now: it is shown only once. The old secret keeps signing alongside "
                        + "it for 24 h; switch the endpoint's verification to the new one before then.");
        return 0;
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a webhook.test event to this endpoint only.")
    int test(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId) {
        printDelivery(root.client().postWithoutBody(path(webhookId) + "/test").data(),
                "Sent a webhook.test event to " + webhookId + ".");
        return 0;
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true,
            description = "Send one delivery (evt_…) again, whatever its status.")
    int redeliver(@Parameters(paramLabel = "EVENT_ID") String eventId) {
        printDelivery(root.client().postWithoutBody(WebhookEventsCommand.path(eventId) + "/redeliver").data(),
                "Queued " + eventId + " for redelivery.");
        return 0;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send again an endpoint's deliveries created in a window: all of them, or only those "
                    + "with --status (e.g. failed, to recover from an outage).")
    int replay(@Parameters(paramLabel = "WEBHOOK_ID") String webhookId,
               @Option(names = "--since", required = true, paramLabel = "INSTANT",
                       description = "Start of the window, inclusive: an ISO-8601 instant, e.g. 2026-01-15T10:00:00Z.")
               Instant since,
               @Option(names = "--until", paramLabel = "INSTANT", description = "End of the window (default: now).")
               Instant until,
               @Option(names = "--status", paramLabel = "STATUS",
                       description = "Only pending, delivered or failed deliveries (default: all).")
               DeliveryStatus status) {
        if (until != null && !until.isAfter(since)) {
            throw new ParameterException(subcommand("replay"), "--until must be after --since");
        }
        RequestBody body = new RequestBody()
                .with("since", since.toString())
                .withOptional("until", until == null ? null : until.toString())
                .withOptional("status", status == null ? null : status.wire());
        printOpenAnswer(root.client().post(path(webhookId) + "/replay", body).data(),
                "Replay of " + webhookId + " requested.");
        return 0;
    }

    static final String PATH = "/v1/webhook-subscriptions";

    static final List<Column> FIELDS = List.of(
            Column.text("ID", "id"), Column.text("URL", "url"), new Column("Event types", WebhooksCommand::eventTypesOf),
            Column.text("Active", "isActive"), Column.text("Description", "description"),
            Column.text("Created at", "createdAt"), Column.text("Updated at", "updatedAt"));

    private static String path(String webhookId) {
        return PATH + "/" + ApiClient.segment(webhookId);
    }

    /** --event-type and --all-events as the list the API takes; null when neither was given. */
    private List<String> eventTypes(List<String> eventTypes, boolean allEvents, String command) {
        if (allEvents && eventTypes != null) {
            throw new ParameterException(subcommand(command), "--all-events already means every event type: "
                    + "drop --event-type");
        }
        if (allEvents) {
            return List.of(WebhookEventTypes.WILDCARD);
        }
        if (eventTypes == null) {
            return null;
        }
        Set<String> distinct = new LinkedHashSet<>();
        eventTypes.stream().map(String::strip).filter(type -> !type.isEmpty()).forEach(distinct::add);
        return List.copyOf(distinct);
    }

    /**
     * Asks at the terminal, naming the endpoint's URL as the server holds it, so the operator
     * confirms the endpoint rather than an id. Without a terminal (CI, cron, a pipe) nobody can
     * answer: refuse before sending anything instead of waiting on an input that may never come.
     */
    private boolean confirmed(String command, String webhookId, String question) {
        Prompt prompt = root.prompt();
        if (!prompt.available()) {
            throw new ParameterException(subcommand(command), "'" + command + "' must be confirmed and there is no "
                    + "terminal to ask on (stdin and stdout are not both a terminal): pass --yes to " + command
                    + " without asking");
        }
        JsonNode webhook = root.client().get(path(webhookId)).data();
        String named = webhook.path("id").asText(webhookId) + " (" + webhook.path("url").asText("-") + ", "
                + Objects.requireNonNullElse(eventTypesOf(webhook), "-") + (webhook.path("isActive").asBoolean(true) ? "" : ", inactive") + ")";
        return Prompt.isYes(prompt.readLine(question.formatted(named)));
    }

    private void printWithSecret(JsonNode webhook, String notice) {
        List<Column> fields = new ArrayList<>(FIELDS);
        fields.add(Column.text("Secret", "secret"));
        Output output = root.output();
        output.object(webhook, fields);
        if (webhook.hasNonNull("secret")) {
            // On stderr so that `billing webhooks create … | grep Secret:` and `jq -r .secret` see only the data.
            output.notice(notice);
        }
    }

    /**
     * A delivery the server just queued (test, redeliver): its fields, and where to follow it. The
     * contract does not fix these answers' shape, so anything but a delivery is an open answer.
     */
    private void printDelivery(JsonNode answer, String whenNoBody) {
        String id = answer.path("id").asText("");
        if (!answer.isObject() || !id.startsWith("evt_")) {
            printOpenAnswer(answer, whenNoBody);
            return;
        }
        Output output = root.output();
        output.object(answer, WebhookEventsCommand.FIELDS);
        if (!output.json()) {
            output.notice("Follow it with: billing webhooks events show " + id);
        }
    }

    /**
     * An answer whose shape the contract leaves open (replay's summary, say): deliveries as a table,
     * any other object field by field as the server sent it, no body at all as a sentence (and
     * nothing under --json, where the exit code says it worked).
     */
    private void printOpenAnswer(JsonNode answer, String whenNoBody) {
        Output output = root.output();
        if (output.json()) {
            if (answer.isContainerNode()) {
                output.printJson(answer);
            }
        } else if (answer.isArray()) {
            output.table(answer, WebhookEventsCommand.LIST_COLUMNS);
        } else if (answer.isObject()) {
            output.object(answer, fieldsOf(answer));
        } else {
            output.out().println(whenNoBody);
            output.out().flush();
        }
    }

    static String eventTypesOf(JsonNode webhook) {
        List<String> types = new ArrayList<>();
        webhook.path("eventTypes").forEach(type -> types.add(type.asText()));
        return types.isEmpty() ? null : String.join(",", types);
    }

    /** Every top-level field of an answer whose shape the contract leaves open, in the server's order. */
    private static List<Column> fieldsOf(JsonNode answer) {
        List<Column> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            fields.add(answer.get(name).isValueNode() ? Column.text(name, name) : Column.json(name, name));
        }
        return fields;
    }

    private picocli.CommandLine subcommand(String name) {
        return spec.commandLine().getSubcommands().get(name);
    }
}
