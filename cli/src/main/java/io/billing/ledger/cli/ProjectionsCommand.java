package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing projections …}: where each event processor stands, and rebuilding a projection's
 * read tables from the event store (admin key). The replay runs on the server; this command
 * follows it on {@code GET /v1/admin/projections} with a progress bar until the projection
 * reaches the head the store had when the replay started.
 */
@Command(name = "projections", aliases = "projection", mixinStandardHelpOptions = true,
        description = "List the event processors (projections) and replay one from the event store (admin key).")
final class ProjectionsCommand implements Callable<Integer> {

    static final String REPLAYING = "replaying";
    private static final String STATUS_PATH = "/v1/admin/projections";
    private static final Duration POLL = Duration.ofMillis(500);

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each processor: state (running, replaying, stopped, failed), whether it can be replayed, "
                    + "position, the store's head, lag (events behind), dead letters and, during a replay, "
                    + "events/s and ETA.")
    int list() {
        JsonNode status = root.client().get(STATUS_PATH).data();
        if (root.json()) {
            root.output().printJson(status);
            return 0;
        }
        root.output().table(rows(status.path("projections")), List.of(
                Column.text("Name", "name"), Column.text("State", "state"), Column.text("Replayable", "replayable"),
                Column.text("Position", "position"), Column.text("Head", "head"), Column.text("Lag", "lag"),
                Column.text("Dead letters", "deadLetters"), Column.text("Events/s", "eventsPerSecond"),
                Column.text("ETA (s)", "etaSeconds")));
        return 0;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Clear a projection's tables and rebuild them from the event store, showing a progress "
                    + "bar until it has replayed every event stored when it started. Exit code 0 when done; 1 when "
                    + "the server refuses (unknown name: 404; a processor that acts rather than projects: 409), "
                    + "the processor fails or stops, events were parked as dead letters, or --wait-timeout passes.")
    int replay(@Parameters(paramLabel = "NAME", description = "The processor's name, as `billing projections list` "
                       + "shows it (e.g. invoice-directory).") String name,
               @Option(names = "--no-wait", description = "Start the replay and return at once, "
                       + "showing where it starts.") boolean noWait,
               @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "3600",
                       description = "Give up waiting after this long (default: ${DEFAULT-VALUE} s); the replay "
                               + "goes on on the server.") long waitTimeoutSeconds) {
        if (waitTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("replay"),
                    "--wait-timeout must be at least 1 second, was " + waitTimeoutSeconds);
        }
        long started = System.nanoTime();
        ApiClient client = root.client();
        JsonNode startedReplay = client.postWithoutBody(STATUS_PATH + "/" + ApiClient.segment(name) + "/replay").data();
        long until = startedReplay.path("untilPosition").asLong(-1);
        if (noWait) {
            root.output().object(startedReplay, List.of(Column.text("Processor", "processor"),
                    Column.text("Status", "status"), Column.text("Until position", "untilPosition"),
                    Column.text("Position", "position"), Column.text("Head", "head")));
            return 0;
        }
        long deadline = started + Duration.ofSeconds(waitTimeoutSeconds).toNanos();
        JsonNode projection = startedReplay;
        String failure = null;
        try (ProgressBar bar = root.json() ? null : progressBar(name, until)) {
            while (true) {
                long position = projection.path("position").asLong(-1);
                if (bar != null) {
                    bar.stepTo(Math.max(0, Math.min(position, until) + 1));
                    bar.setExtraMessage(projection.path("state").asText(""));
                }
                String state = projection.path("state").asText("");
                if (position >= until && !REPLAYING.equals(state)) {
                    break;
                }
                if ("failed".equals(state) || "stopped".equals(state)) {
                    failure = ("error: the replay of " + name + " is " + state + " at position "
                            + position + " of " + until + "; see the server log and 'billing projections list'");
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    failure = ("error: the replay of " + name + " is still at position "
                            + position + " of " + until + " after " + waitTimeoutSeconds + " s; it goes on on the "
                            + "server: follow it with 'billing projections list'");
                    break;
                }
                if (!sleep(Math.min(POLL.toNanos(), left))) {
                    failure = "error: interrupted while waiting for the replay";
                    break;
                }
                projection = client.get(STATUS_PATH).data().path("projections").path(name);
            }
        }
        if (failure != null) {
            return fail(projection, failure);
        }
        long deadLetters = projection.path("deadLetters").asLong(0);
        if (deadLetters > 0) {
            return fail(projection, "error: " + name + " replayed up to position " + until + " but parked "
                    + deadLetters + " events it could not apply; see 'billing projections list' and "
                    + "GET /v1/admin/projections/" + name + "/dead-letters");
        }
        String took = "Replayed " + name + " up to position " + until + " in "
                + TestClocksCommand.seconds(System.nanoTime() - started) + ".";
        if (root.json()) {
            root.output().printJson(projection);
            root.err().println(took);
            root.err().flush();
        } else {
            root.out().println(took);
            root.out().flush();
        }
        return 0;
    }

    private int fail(JsonNode projection, String message) {
        if (root.json()) {
            root.output().printJson(projection);
        }
        root.err().println(message);
        root.err().flush();
        return BillingCli.EXIT_API_ERROR;
    }

    /** Drawn on stderr by the library, one carriage-returned line per update, so stdout stays data. */
    private ProgressBar progressBar(String name, long until) {
        PrintWriter err = root.err();
        return new ProgressBarBuilder()
                .setTaskName("Replaying " + name)
                .setInitialMax(Math.max(0, until + 1))
                .setUnit(" events", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r');
                    err.print(line);
                    err.flush();
                }, 100) {
                    @Override
                    public void close() {
                        err.println();
                        err.flush();
                    }
                })
                .build();
    }

    /** The status's {@code projections} object as rows, each with its name. */
    private static ArrayNode rows(JsonNode projections) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, JsonNode> entry : projections.properties()) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("name", entry.getKey());
            row.setAll((ObjectNode) entry.getValue());
            rows.add(row);
        }
        return rows;
    }

    private static boolean sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis() + 1);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
