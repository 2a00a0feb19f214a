package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing test-clocks …}: simulated time for customers attached to a clock. The server
 * offers them only in test mode; elsewhere every test-clock id answers 404.
 */
@Command(name = "test-clocks", aliases = "test-clock", mixinStandardHelpOptions = true,
        description = "Create and advance test clocks (the server must run in test mode).")
final class TestClocksCommand implements Callable<Integer> {

    static final String READY = "ready";
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a test clock; attach customers to it with their testClockId.")
    int create(@Option(names = "--frozen-time", paramLabel = "INSTANT",
                       description = "The clock's starting time, ISO-8601 (default: now, to the second).")
               Instant frozenTime,
               @Option(names = "--name", description = "What the clock is for, up to 100 characters.") String name) {
        RequestBody body = new RequestBody()
                .with("frozenTime", (frozenTime != null ? frozenTime : Instant.now().truncatedTo(ChronoUnit.SECONDS))
                        .toString())
                .withOptional("name", name);
        printClock(root.client().post("/v1/test-clocks", body).data());
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one test clock.")
    int get(@Parameters(paramLabel = "TEST_CLOCK_ID") String testClockId) {
        printClock(root.client().get(path(testClockId)).data());
        return 0;
    }

    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = "Move a test clock forward (at most three years at a time); what falls due on the way "
                    + "(trial ends, renewals, invoices, cancellations) is carried out while it is advancing.")
    int advance(@Parameters(paramLabel = "TEST_CLOCK_ID") String testClockId,
                @Option(names = "--to", required = true, paramLabel = "INSTANT",
                        description = "The new frozen time, ISO-8601, later than the current one.") Instant to,
                @Option(names = "--wait",
                        description = "Wait until the clock is ready again, i.e. everything due is done.") boolean wait,
                @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "120",
                        description = "Give up waiting after this long (default: ${DEFAULT-VALUE} s).")
                long waitTimeoutSeconds) {
        if (waitTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("advance"),
                    "--wait-timeout must be at least 1 second, was " + waitTimeoutSeconds);
        }
        long started = System.nanoTime();
        JsonNode clock = root.client().post(path(testClockId) + "/advance",
                new RequestBody().with("frozenTime", to.toString())).data();
        if (!wait) {
            printClock(clock);
            return 0;
        }
        long deadline = started + Duration.ofSeconds(waitTimeoutSeconds).toNanos();
        Duration pause = FIRST_POLL;
        if (!READY.equals(clock.path("status").asText(null))) {
            root.err().printf("Waiting for %s to finish advancing to %s%n", testClockId, to);
            root.err().flush();
        }
        while (!READY.equals(clock.path("status").asText(null))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                root.err().printf("error: test clock %s is still %s after %d s; check on it with "
                                + "'billing test-clocks get %s'%n", testClockId, clock.path("status").asText("unknown"),
                        waitTimeoutSeconds, testClockId);
                root.err().flush();
                return BillingCli.EXIT_API_ERROR;
            }
            if (!sleep(Math.min(pause.toNanos(), left))) {
                root.err().println("error: interrupted while waiting for the test clock");
                root.err().flush();
                return BillingCli.EXIT_API_ERROR;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
            clock = root.client().get(path(testClockId)).data();
        }
        String took = "Ready after " + seconds(System.nanoTime() - started) + ".";
        printClock(clock);
        // With --json, stdout must stay one JSON document.
        PrintWriter stream = root.json() ? root.err() : root.out();
        stream.println(took);
        stream.flush();
        return 0;
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

    /** "3.4 s", in integer arithmetic like the amounts. */
    static String seconds(long nanos) {
        long tenths = Math.max(0, nanos) / 100_000_000L;
        return tenths / 10 + "." + tenths % 10 + " s";
    }

    private static String path(String testClockId) {
        return "/v1/test-clocks/" + ApiClient.segment(testClockId);
    }

    private void printClock(JsonNode clock) {
        root.output().object(clock, List.of(
                Column.text("ID", "id"), Column.text("Name", "name"), Column.text("Frozen time", "frozenTime"),
                Column.text("Status", "status"), Column.text("Advancing to", "advancingTo"),
                Column.text("Created at", "createdAt"), Column.text("Updated at", "updatedAt"),
                Column.text("Version", "version")));
    }
}
