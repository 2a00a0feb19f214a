package io.billing.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14, "Benchmark": replay of every projection over a store of at least a million events,
 * next to a replay into a processor that does nothing, in the same run and on the same store.
 *
 * <ol>
 *   <li><b>Fill</b> a fresh database through the API, with the server in test mode: a billing
 *       history on a test clock (customers with a card, flat-rate subscriptions, the clock
 *       advanced two months: renewals, invoices drafted, finalized, charged through the simulated
 *       processor and paid) and then usage — {@code POST /v1/usage/batch}, 1,000 records a
 *       request, spread over metered subscriptions — until the store holds {@code --events}
 *       events. Usage is most of the store, as it is for a usage-billed product.</li>
 *   <li>Wait until every processor has handled the whole store.</li>
 *   <li><b>Baseline</b>: replay {@code replay-baseline} (the server's do-nothing processor,
 *       {@code billing.replay.baseline-processor=true}: pooled, same source, batch size and token
 *       store as a projection; its one handler takes every event and returns).</li>
 *   <li><b>Replay</b>: replay each projection in turn, alone, through
 *       {@code POST /v1/admin/projections/{name}/replay}, and follow it on
 *       {@code GET /v1/admin/projections} (every 250 ms) until its position reaches the head it
 *       started against.</li>
 * </ol>
 *
 * A processor's rate is the events stored up to that head divided by the time from the POST to
 * the first status that shows it done. The result, "every projection", is the events all
 * replays handled over their summed time (N events × P projections / Σ tᵢ), so it compares
 * one projection's replay, on average, with one do-nothing replay. The slowest projection is
 * printed as well. Target of the issue: ≥ 30,000 events/s and ≥ 0.5 × the baseline.
 */
public final class ReplayBenchmark {

    static final double TARGET_EVENTS_PER_SECOND = 30_000;
    static final double TARGET_SHARE_OF_BASELINE = 0.5;
    static final String BASELINE = "replay-baseline";
    private static final String PROPERTIES_JSON = "{\"endpoint\":\"/v1/search\",\"region\":\"eu-west-1\"}";
    private static final Duration POLL = Duration.ofMillis(250);

    private final Options options;
    private final long events;
    private final int clockSubscriptions;
    private final int meteredSubscriptions;
    private final int maxWaitSeconds;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    private ReplayBenchmark(Options options, long events, int clockSubscriptions, int meteredSubscriptions,
                            int maxWaitSeconds) {
        this.options = options;
        this.events = events;
        this.clockSubscriptions = clockSubscriptions;
        this.meteredSubscriptions = meteredSubscriptions;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    static final String USAGE = """
            java -jar bench/target/billing-bench.jar replay [options]
              --events N                  events in the store before the replays (default 1000000)
              --clock-subscriptions N     flat-rate subscriptions on the test clock, renewed twice (default 1000)
              --metered-subscriptions N   metered subscriptions the usage is spread over (default 100)
              --max-wait-seconds N        give up on a wait (catch-up, one replay) after N s (default 900)
              --clients N                 concurrent clients of the fill (default 4)
              --database-url, --server-jar, --server-java-opts, --keep-database   as for the usage benchmark
            """;

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        ReplayBenchmark benchmark;
        try {
            benchmark = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(benchmark.run() ? 0 : 1);
    }

    private static ReplayBenchmark parse(String[] args) {
        long events = 1_000_000;
        int clock = 1000;
        int metered = 100;
        int maxWait = 900;
        List<String> rest = new ArrayList<>();
        for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
            String arg = it.next();
            switch (arg) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                case "--events" -> events = number(arg, it, 1, 100_000_000);
                case "--clock-subscriptions" -> clock = (int) number(arg, it, 1, 1_000_000);
                case "--metered-subscriptions" -> metered = (int) number(arg, it, 1, 100_000);
                case "--max-wait-seconds" -> maxWait = (int) number(arg, it, 1, 86_400);
                default -> rest.add(arg);
            }
        }
        return new ReplayBenchmark(Options.parse(rest.toArray(String[]::new)), events, clock, metered, maxWait);
    }

    private static long number(String option, Iterator<String> it, long min, long max) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        String value = it.next();
        try {
            long n = Long.parseLong(value.trim().replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be an integer from " + min + " to " + max + ", not '"
                + value + "'");
    }

    /** One replay as measured: events up to its head, wall time, CPU over that time. */
    record Replay(String processor, long untilPosition, long events, double seconds, double serverSeconds,
                  CpuMeter.Usage cpu) {

        double perSecond() {
            return events / seconds;
        }
    }

    private boolean run() throws Exception {
        long started = System.nanoTime();
        System.out.println("== billing-ledger replay benchmark (issue 14) ==");
        System.out.println("machine: " + Machine.describe());
        try (Postgres postgres = Postgres.locate(options)) {
            String databaseUrl = postgres.createDatabase();
            Thread dropOnAbort = new Thread(() -> {
                if (!options.keepDatabase()) {
                    postgres.dropDatabase();
                }
            }, "drop-bench-database");
            Runtime.getRuntime().addShutdownHook(dropOnAbort);
            System.out.println("postgres: " + postgres.serverVersion().replaceFirst(" on .*", "") + " at "
                    + postgres.description() + ", database " + postgres.databaseName());
            System.out.printf("settings: %,d events, %,d subscriptions on a test clock, %,d metered subscriptions, "
                    + "%d fill clients%n", events, clockSubscriptions, meteredSubscriptions, options.clients());
            Path log = Files.createTempFile("billing-bench-server-", ".log");
            System.out.println("starting the server: " + options.serverJar() + " (log: " + log + ")");
            Map<String, String> properties = Map.of("billing.test-mode.enabled", "true",
                    "billing.replay.baseline-processor", "true");
            boolean met;
            try (Connection db = DriverManager.getConnection(databaseUrl);
                 ServerUnderTest server = ServerUnderTest.start(options.serverJar(), options.serverJavaOptions(),
                         properties, databaseUrl, "blk_bench_" + HexFormat.of().formatHex(new SecureRandom()
                                 .generateSeed(24)), log)) {
                long fillStarted = System.nanoTime();
                billingHistory(server);
                usage(server, db);
                double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
                double catchUpSeconds = awaitAllCaughtUp(server);
                long head = server.get("/v1/admin/projections").path("data").path("headPosition").asLong();
                System.out.printf("fill: %,d events in %.0f s (+ %.0f s until every processor had handled them)%n",
                        count(db, "SELECT count(*) FROM domain_event_entry"), fillSeconds, catchUpSeconds);
                System.out.println("store: " + mix(db));
                checkpoint(db);

                CpuMeter meter = new CpuMeter(server.handle(), postgres.databaseName());
                List<String> projections = projections(server);
                System.out.println("projections: " + String.join(", ", projections));
                Replay baseline = replay(server, db, meter, BASELINE);
                List<Replay> replays = new ArrayList<>();
                for (String projection : projections) {
                    replays.add(replay(server, db, meter, projection));
                }
                server.requireAlive("during the replays");
                long errors = server.logLinesContaining(" ERROR ");
                met = report(baseline, replays, head, errors, (System.nanoTime() - started) / 1e9);
            }
            if (!options.keepDatabase()) {
                postgres.dropDatabase();
            }
            Runtime.getRuntime().removeShutdownHook(dropOnAbort);
            return met;
        }
    }

    // ---- the fill ------------------------------------------------------------------------------

    /**
     * Customers with a card on a test clock, each with flat-rate subscriptions; then the clock is
     * advanced two months (+ 2 h past the finalize delay): creation, two renewals, three invoices
     * drafted, finalized, charged and paid per subscription.
     */
    private void billingHistory(ServerUnderTest server) throws Exception {
        long started = System.nanoTime();
        Instant frozen = Instant.parse("2026-01-01T00:00:00Z");
        String clock = server.post("/v1/test-clocks", "{\"frozenTime\":\"" + frozen + "\",\"name\":\"replay bench\"}")
                .path("data").path("id").asText();
        int planCount = Math.max(1, Math.min(20, clockSubscriptions / 50));
        List<String> plans = new ArrayList<>();
        for (int i = 0; i < planCount; i++) {
            plans.add(server.post("/v1/plans", "{\"name\":\"Bench flat " + i + "\",\"pricingModel\":\"flat_rate\","
                    + "\"amountCents\":" + (1000 + 100 * i) + ",\"billingInterval\":\"month\"}")
                    .path("data").path("id").asText());
        }
        int customerCount = Math.max(1, clockSubscriptions / planCount);
        List<String> customers = parallel(customerCount, (client, i) -> {
            String customer = server.send(client, "/v1/customers", "{\"name\":\"Clock " + i + "\",\"email\":\"clock-"
                    + i + "@example.com\",\"testClockId\":\"" + clock + "\"}").path("data").path("id").asText();
            server.send(client, "/v1/customers/" + customer + "/payment-methods", "{\"paymentMethodId\":\"pm_card_visa\"}");
            return customer;
        });
        parallel(clockSubscriptions, (client, i) -> server.send(client, "/v1/subscriptions", "{\"customerId\":\""
                + customers.get(i % customers.size()) + "\",\"planId\":\"" + plans.get(i / customers.size() % planCount)
                + "\"}").path("data").path("id").asText());
        System.out.printf("fill: test clock %s, %d plans, %,d customers with a card, %,d subscriptions (%.0f s)%n",
                clock, planCount, customers.size(), clockSubscriptions, (System.nanoTime() - started) / 1e9);
        Instant target = frozen.plus(Duration.ofDays(31 + 28)).plus(Duration.ofHours(2));
        server.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + target + "\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(maxWaitSeconds).toNanos();
        while (!"ready".equals(server.get("/v1/test-clocks/" + clock).path("data").path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test clock did not get ready within " + maxWaitSeconds + " s");
            }
            Thread.sleep(500);
        }
        System.out.printf("fill: the clock advanced to %s: renewals, invoices and payments done (%.0f s so far)%n",
                target, (System.nanoTime() - started) / 1e9);
    }

    /** Usage batches of 1,000 records over metered subscriptions (wall clock) until the store holds the target. */
    private void usage(ServerUnderTest server, Connection db) throws Exception {
        long started = System.nanoTime();
        String plan = server.post("/v1/plans", "{\"name\":\"Bench API calls\",\"pricingModel\":\"per_unit\","
                + "\"amountCents\":1,\"billingInterval\":\"month\"}").path("data").path("id").asText();
        List<String> subscriptions = parallel(meteredSubscriptions, (client, i) -> {
            String customer = server.send(client, "/v1/customers", "{\"name\":\"Metered " + i + "\",\"email\":\"metered-"
                    + i + "@example.com\"}").path("data").path("id").asText();
            return server.send(client, "/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                    + "\"}").path("data").path("id").asText();
        });
        long stored = count(db, "SELECT count(*) FROM domain_event_entry");
        long records = Math.max(0, events - stored);
        int batches = (int) ((records + 999) / 1000);
        AtomicLong sent = new AtomicLong();
        parallel(batches, (client, b) -> {
            int size = (int) Math.min(1000, records - b * 1000L);
            String timestamp = Instant.now().toString();
            StringBuilder body = new StringBuilder(size * 200).append("{\"records\":[");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"subscriptionId\":\"").append(subscriptions.get((b + i) % subscriptions.size()))
                        .append("\",\"idempotencyKey\":\"r").append(run).append('-').append(b).append('-').append(i)
                        .append("\",\"quantity\":").append(1 + i % 10)
                        .append(",\"timestamp\":\"").append(timestamp)
                        .append("\",\"properties\":").append(PROPERTIES_JSON).append('}');
            }
            body.append("]}");
            HttpResponse<String> response = client.send(server.request("/v1/usage/batch")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("usage batch answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(400, response.body().length())));
            }
            long done = sent.addAndGet(size);
            if (done / 100_000 != (done - size) / 100_000) {
                System.out.printf("  usage: %,d of %,d records (%.0f s)%n", done, records,
                        (System.nanoTime() - started) / 1e9);
            }
            return null;
        });
        System.out.printf("fill: %,d usage records over %d metered subscriptions in %.0f s%n", records,
                meteredSubscriptions, (System.nanoTime() - started) / 1e9);
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(HttpClient client, int index) throws Exception;
    }

    /** Runs tasks 0..n-1 on the fill clients (one keep-alive connection each); answers their results in order. */
    private <T> List<T> parallel(int n, Task<T> task) throws Exception {
        int threads = options.clients();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build());
            }
            Object[] results = new Object[n];
            List<Future<Object>> futures = new ArrayList<>();
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                HttpClient client = clients.get(t);
                futures.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        results[(int) i] = task.run(client, (int) i);
                    }
                    return null;
                }));
            }
            for (Future<Object> future : futures) {
                future.get();
            }
            @SuppressWarnings("unchecked")
            List<T> answered = (List<T>) java.util.Arrays.asList(results);
            return answered;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- waiting and replaying -------------------------------------------------------------------

    /** Waits until every processor is at the head (no lag); answers how long that took. */
    private double awaitAllCaughtUp(ServerUnderTest server) throws Exception {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(maxWaitSeconds).toNanos();
        while (true) {
            JsonNode projections = server.get("/v1/admin/projections").path("data").path("projections");
            boolean all = true;
            for (JsonNode projection : projections) {
                all &= projection.path("lag").asLong() == 0;
            }
            if (all) {
                return (System.nanoTime() - started) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processors did not catch up within " + maxWaitSeconds + " s: "
                        + projections);
            }
            Thread.sleep(500);
        }
    }

    /** The replayable processors but the baseline, as the server lists them. */
    private static List<String> projections(ServerUnderTest server) throws Exception {
        List<String> names = new ArrayList<>();
        server.get("/v1/admin/projections").path("data").path("projections").properties().forEach(entry -> {
            if (entry.getValue().path("replayable").asBoolean() && !entry.getKey().equals(BASELINE)) {
                names.add(entry.getKey());
            }
        });
        return names;
    }

    private Replay replay(ServerUnderTest server, Connection db, CpuMeter meter, String processor) throws Exception {
        CpuMeter.Snapshot before = meter.snapshot();
        long started = System.nanoTime();
        JsonNode answer = server.post("/v1/admin/projections/" + processor + "/replay", "").path("data");
        long until = answer.path("untilPosition").asLong();
        long deadline = started + Duration.ofSeconds(maxWaitSeconds).toNanos();
        JsonNode status = answer;
        while (!(status.path("position").asLong(-1) >= until && !"replaying".equals(status.path("state").asText()))) {
            if ("failed".equals(status.path("state").asText()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("the replay of " + processor + " did not finish: " + status);
            }
            Thread.sleep(POLL.toMillis());
            status = server.get("/v1/admin/projections").path("data").path("projections").path(processor);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Usage cpu = CpuMeter.between(before, meter.snapshot());
        if (status.path("deadLetters").asLong() > 0) {
            throw new IllegalStateException("the replay of " + processor + " parked events: " + status);
        }
        long replayed = count(db, "SELECT count(*) FROM domain_event_entry WHERE global_index <= " + until);
        Replay replay = new Replay(processor, until, replayed, seconds,
                status.path("replayElapsedMs").asLong() / 1e3, cpu);
        System.out.printf("  %-24s %,10.0f events/s  (%,d events in %.1f s; the server saw it done after %.1f s)%n"
                        + "      %s%n", processor, replay.perSecond(), replayed, seconds, replay.serverSeconds(),
                cpu.describe(replayed));
        return replay;
    }

    // ---- the report --------------------------------------------------------------------------

    private static boolean report(Replay baseline, List<Replay> replays, long head, long errors, double totalSeconds) {
        long handled = replays.stream().mapToLong(Replay::events).sum();
        double seconds = replays.stream().mapToDouble(Replay::seconds).sum();
        double value = handled / seconds;
        double ratio = value / baseline.perSecond();
        Replay slowest = replays.stream().min((a, b) -> Double.compare(a.perSecond(), b.perSecond())).orElseThrow();
        boolean met = value >= TARGET_EVENTS_PER_SECOND && ratio >= TARGET_SHARE_OF_BASELINE && errors == 0;
        System.out.println();
        System.out.println("== results ==");
        System.out.printf("store: head position %,d; every replay went from the start to the head it began against%n",
                head);
        System.out.printf("baseline (do-nothing processor): %,.0f events/s (%,d events in %.1f s)%n",
                baseline.perSecond(), baseline.events(), baseline.seconds());
        for (Replay replay : replays) {
            System.out.printf("  %-24s %,10.0f events/s  %5.2f x baseline  (%.1f s)%n", replay.processor(),
                    replay.perSecond(), replay.perSecond() / baseline.perSecond(), replay.seconds());
        }
        System.out.printf("every projection, one after another: %,.0f events/s (%,d events in %.1f s over %d replays); "
                        + "slowest %s %,.0f events/s (%.2f x baseline)%n", value, handled, seconds, replays.size(),
                slowest.processor(), slowest.perSecond(), slowest.perSecond() / baseline.perSecond());
        System.out.printf("ERROR lines in the server log: %d%n", errors);
        System.out.printf("total run time %.0f s%n", totalSeconds);
        System.out.printf("RESULT replay value=%.0f unit=events/s baseline=%.0f ratio=%.2f target=>=30000events/s_and_>=0.5x_baseline "
                + "met=%s%n", value, baseline.perSecond(), ratio, met ? "yes" : "no");
        return met;
    }

    private static String mix(Connection db) throws SQLException {
        Map<String, Long> types = new LinkedHashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                SELECT regexp_replace(payload_type, '.*\\.', '') AS type, count(*) FROM domain_event_entry
                GROUP BY 1 ORDER BY 2 DESC""")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getLong(2));
            }
        }
        StringBuilder out = new StringBuilder();
        types.forEach((type, n) -> out.append(out.isEmpty() ? "" : ", ").append(type).append(' ')
                .append(String.format("%,d", n)));
        return out.toString();
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void checkpoint(Connection db) {
        try (Statement statement = db.createStatement()) {
            statement.execute("VACUUM ANALYZE domain_event_entry");
            statement.execute("CHECKPOINT");
        } catch (SQLException notSuperuser) {
            // fine: only makes the replays start from the same state
        }
    }
}
