package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code billing events tail}: the event stream ({@code GET /v1/events}), one line per event, as they come. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "The event stream: every recorded event in global order.")
final class EventsCommand implements Callable<Integer> {

    static final String PATH = "/v1/events";

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print events in order, one line each: position, time, type, resource, actor "
                    + "(--json: one JSON object per line). Without --follow it stops once it has printed every "
                    + "event recorded so far; with --follow it keeps polling for new ones (Ctrl-C ends it).",
                    "A line's position is what --after takes to start after it."})
    int tail(@Option(names = {"-f", "--follow"}, description = "Keep polling for new events.") boolean follow,
             @Option(names = "--types", paramLabel = "TYPE", split = ",",
                     description = "Only these event types, e.g. SubscriptionCanceled,InvoicePaid.") List<String> types,
             @Option(names = "--after", paramLabel = "POSITION", defaultValue = "0",
                     description = "Start after this position (default: ${DEFAULT-VALUE}, from the first event).")
             long after,
             @Option(names = "--count", paramLabel = "N",
                     description = "Stop after printing N events.") Long count,
             @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
                     description = "Events per request, 1 to 1000 (default: ${DEFAULT-VALUE}).") int pageSize,
             @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
                     description = "With --follow, how long to wait between polls once caught up "
                             + "(default: ${DEFAULT-VALUE}).") long intervalMs) throws InterruptedException {
        ApiClient client = root.client();
        boolean json = root.json();
        PrintWriter out = root.out();
        long position = after;
        long printed = 0;
        while (count == null || printed < count) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("after", position);
            query.put("limit", pageSize);
            query.put("types", types == null || types.isEmpty() ? null : String.join(",", types));
            ApiClient.Response page = client.get(PATH, query);
            for (JsonNode event : page.data()) {
                if (count != null && printed >= count) {
                    break;
                }
                out.println(json ? event.toString() : line(event));
                printed++;
            }
            out.flush();
            long next = page.body().path("nextAfter").asLong(position);
            boolean caughtUp = next == position;
            position = next;
            if (caughtUp) {
                if (!follow) {
                    break;
                }
                Thread.sleep(intervalMs);
            }
        }
        return 0;
    }

    /** {@code 42  2026-01-01T10:00:00.000Z  SubscriptionCanceled  Subscription sub_…  key_…} */
    static String line(JsonNode event) {
        return String.format("%-8s  %s  %-34s  %s %s  %s", event.path("position").asText(),
                event.path("createdAt").asText(), event.path("type").asText(),
                event.path("resourceType").asText(), event.path("resourceId").asText(),
                event.path("actor").asText("-"));
    }
}
