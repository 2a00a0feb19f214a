package io.billing.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The measures of {@link Bench} other than the billing run. Each one creates a fresh database,
 * measures its baseline (if it has one) before the server exists, starts the server jar, sets
 * up what it needs over HTTP, measures, checks the outcome against the database, and answers
 * its {@link Result}s — marked disturbed when the CPU accounting saw other processes at work.
 */
final class Measures {

    /** Work a measure does against a fresh database and a started server. */
    @FunctionalInterface
    private interface Work<T> {
        T run(String databaseUrl, String databaseName, Connection db, ServerStarter server) throws Exception;
    }

    /** Starts the server on the measure's database (after the baseline, so nothing competes with it). */
    @FunctionalInterface
    private interface ServerStarter {
        ServerUnderTest start(List<String> javaOptions) throws Exception;
    }

    private static final String PROPERTIES_JSON = "{\"endpoint\":\"/v1/search\",\"region\":\"eu-west-1\"}";

    private final Options common;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    Measures(Options common) {
        this.common = common;
    }

    // ---- usage-single -------------------------------------------------------------------------

    Result usageSingle() throws Exception {
        return onFreshDatabase((url, name, db, starter) -> {
            Load.Result baseline = oneRowInserts(url, name, db, 8);
            try (ServerUnderTest server = starter.start(common.serverJavaOptions())) {
                UsageBenchmark usage = new UsageBenchmark(with(8, 8));
                List<String> subscriptions = usage.setUp(server);
                CpuMeter meter = new CpuMeter(server.handle(), name);
                Load.Result single = Load.run("usage-single", 8, common.warmupSeconds(), common.seconds(), meter,
                        usage.singleUnit(server, subscriptions));
                server.requireAlive("during usage-single");
                String check = usage.verify(db, single.recordsIncludingWarmup());
                print("one-row INSERT transactions", baseline);
                print("POST /v1/usage", single);
                double ratio = single.perSecond() / baseline.perSecond();
                Result result = Result.of("usage-single", single.perSecond(), "records/s", baseline.perSecond(),
                        "ratio>=0.6", ratio >= 0.6 && single.errors() == 0 && check.endsWith("consistent"));
                return disturbed(result, baseline, single);
            }
        });
    }

    // ---- subscriptions ------------------------------------------------------------------------

    Result subscriptions() throws Exception {
        return onFreshDatabase((url, name, db, starter) -> {
            Load.Result baseline = oneRowInserts(url, name, db, 8);
            try (ServerUnderTest server = starter.start(common.serverJavaOptions())) {
                // enough (customer, plan) pairs for 1,500 creations/s over the whole phase: one subscription
                // per customer and plan is the rule, so a pair is never used twice
                int customers = 300;
                int plans = Math.max(10, (common.warmupSeconds() + common.seconds()) * 1500 / customers + 1);
                List<String> customerIds = new ArrayList<>();
                List<String> planIds = new ArrayList<>();
                for (int i = 0; i < plans; i++) {
                    planIds.add(server.post("/v1/plans", "{\"name\":\"Bench plan " + i + "\",\"pricingModel\":"
                            + "\"flat_rate\",\"amountCents\":" + (1000 + i) + ",\"billingInterval\":\"month\"}")
                            .path("data").path("id").asText());
                }
                for (int i = 0; i < customers; i++) {
                    customerIds.add(server.post("/v1/customers", "{\"name\":\"Bench " + i + "\",\"email\":\"bench-"
                            + i + "@example.com\"}").path("data").path("id").asText());
                }
                System.out.printf("set up: %d plans, %d customers%n", plans, customers);
                AtomicLong next = new AtomicLong();
                HttpClient[] clients = UsageBenchmark.httpClients(16);
                CpuMeter meter = new CpuMeter(server.handle(), name);
                Load.Result created = Load.run("subscriptions", 16, common.warmupSeconds(), common.seconds(), meter,
                        (client, sequence) -> {
                            long pair = next.getAndIncrement();
                            String body = "{\"customerId\":\"" + customerIds.get((int) (pair % customers))
                                    + "\",\"planId\":\"" + planIds.get((int) (pair / customers)) + "\"}";
                            HttpResponse<String> response = clients[client].send(server.request("/v1/subscriptions")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 201) {
                                throw new IllegalStateException("POST /v1/subscriptions answered "
                                        + response.statusCode() + ": " + response.body());
                            }
                            return 1;
                        });
                server.requireAlive("during subscriptions");
                long answered = created.recordsIncludingWarmup();
                long events = UsageBenchmark.count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type "
                        + "LIKE '%.SubscriptionCreated'");
                long drafts = UsageBenchmark.count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type "
                        + "LIKE '%.InvoiceDrafted'");
                boolean consistent = events == answered && drafts == answered;
                System.out.printf("check: %,d subscriptions answered 201; %,d SubscriptionCreated, %,d InvoiceDrafted "
                        + "events: %s%n", answered, events, drafts, consistent ? "consistent" : "MISMATCH");
                print("one-row INSERT transactions", baseline);
                print("POST /v1/subscriptions", created);
                double ratio = created.perSecond() / baseline.perSecond();
                Result result = Result.of("subscriptions", created.perSecond(), "subscriptions/s",
                        baseline.perSecond(), "ratio>=0.25_and_>=500/s",
                        ratio >= 0.25 && created.perSecond() >= 500 && created.errors() == 0 && consistent);
                return disturbed(result, baseline, created);
            }
        });
    }

    // ---- usage-batch --------------------------------------------------------------------------

    Result usageBatch() throws Exception {
        return onFreshDatabase((url, name, db, starter) -> {
            UsageBenchmark usage = new UsageBenchmark(with(4, 4));
            Load.Result baseline = usage.jdbcBaseline(url, name, db);
            try (ServerUnderTest server = starter.start(common.serverJavaOptions())) {
                List<String> subscriptions = usage.setUp(server);
                CpuMeter meter = new CpuMeter(server.handle(), name);
                LagSampler lag = new LagSampler(server, "usage-summaries");
                lag.start();
                Load.Result batch;
                try {
                    batch = Load.run("usage-batch", 4, common.warmupSeconds(), common.seconds(), meter,
                            usage.batchUnit(server, subscriptions));
                } finally {
                    lag.stop();
                }
                server.requireAlive("during usage-batch");
                String catchUp = UsageBenchmark.awaitProjection(db);
                String check = usage.verify(db, batch.recordsIncludingWarmup());
                print("batched INSERT rows", baseline);
                print("POST /v1/usage/batch", batch);
                System.out.printf("the usage summary was at most %,d ms behind the store during the run (sampled "
                        + "every 250 ms from GET /v1/admin/projections); %s%n", lag.maxMillis(), catchUp);
                double ratio = batch.perSecond() / baseline.perSecond();
                Result result = Result.of("usage-batch", batch.perSecond(), "records/s", baseline.perSecond(),
                        "ratio>=0.5_and_summary_lag<=5s(largest_" + lag.maxMillis() + "ms)",
                        ratio >= 0.5 && lag.maxMillis() <= 5000 && lag.samples() > 0 && batch.errors() == 0
                                && check.endsWith("consistent"));
                return disturbed(result, baseline, batch);
            }
        });
    }

    /** Samples one projection's lag (the age of the oldest event it has not processed) while a load runs. */
    private static final class LagSampler {
        private final ServerUnderTest server;
        private final String projection;
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        LagSampler(ServerUnderTest server, String projection) {
            this.server = server;
            this.projection = projection;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        JsonNode lag = server.get("/v1/admin/projections").path("data").path("projections")
                                .path(projection).path("lagMs");
                        if (lag.isNumber()) {
                            max.accumulateAndGet(lag.asLong(), Math::max);
                            samples.incrementAndGet();
                        }
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // a slow answer under load: the next sample counts
                    }
                }
            }, "lag-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5000);
        }

        long maxMillis() {
            return max.get();
        }

        long samples() {
            return samples.get();
        }
    }

    // ---- latency ------------------------------------------------------------------------------

    List<Result> latency() throws Exception {
        return onFreshDatabase((url, name, db, starter) -> {
            try (ServerUnderTest server = starter.start(common.serverJavaOptions())) {
                UsageBenchmark usage = new UsageBenchmark(with(8, 8));
                List<String> subscriptions = usage.setUp(server);
                CpuMeter meter = new CpuMeter(server.handle(), name);
                OpenModel get = OpenModel.run("GET /v1/subscriptions/{id}", 1000, common.warmupSeconds(), 30, meter,
                        i -> server.request("/v1/subscriptions/" + subscriptions.get((int) (i % subscriptions.size())))
                                .GET().build(), 200);
                server.requireAlive("during latency-get");
                OpenModel post = OpenModel.run("POST /v1/usage", 300, common.warmupSeconds(), 30, meter,
                        i -> server.request("/v1/usage").header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(UsageBenchmark.singleBody(
                                        subscriptions.get((int) (i % subscriptions.size())), "l" + run + "-" + i,
                                        1 + (int) (i % 10)))).build(), 201);
                server.requireAlive("during latency-usage");
                return List.of(get.disturbed(get.result("latency-get", 20)),
                        post.disturbed(post.result("latency-usage", 50)));
            }
        });
    }

    /**
     * An open-model load, as wrk2 does it: request i is due at start + i / rate whether or not
     * earlier ones have answered, and its latency runs from when it was due (not when it was
     * sent), so a stalled server shows in the percentiles instead of slowing the load down
     * (coordinated omission). Requests run on a large pool; one HTTP client pools connections.
     */
    private static final class OpenModel {
        private final String name;
        private final Histogram histogram;
        private final long errors;
        private final String firstError;
        private final CpuMeter.Usage cpu;
        private final long sent;

        private OpenModel(String name, Histogram histogram, long errors, String firstError, CpuMeter.Usage cpu,
                          long sent) {
            this.name = name;
            this.histogram = histogram;
            this.errors = errors;
            this.firstError = firstError;
            this.cpu = cpu;
            this.sent = sent;
        }

        @FunctionalInterface
        interface RequestFactory {
            HttpRequest request(long index);
        }

        static OpenModel run(String name, int rate, int warmupSeconds, int seconds, CpuMeter meter,
                             RequestFactory requests, int expectedStatus) throws InterruptedException {
            System.out.printf("  %s: %d requests/s, %d s warm-up + %d s measured (open model) …%n", name, rate,
                    warmupSeconds, seconds);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService pool = Executors.newFixedThreadPool(512);
            Histogram measured = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            long warmup = (long) rate * warmupSeconds;
            long total = warmup + (long) rate * seconds;
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            CpuMeter.Snapshot from = null;
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (i == warmup) {
                    from = meter.snapshot();
                }
                boolean counted = i >= warmup;
                long index = i;
                pool.execute(() -> {
                    try {
                        HttpResponse<Void> response = client.send(requests.request(index),
                                HttpResponse.BodyHandlers.discarding());
                        long latency = System.nanoTime() - due;
                        if (response.statusCode() != expectedStatus) {
                            throw new IllegalStateException(name + " answered " + response.statusCode());
                        }
                        if (counted) {
                            measured.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(latency),
                                    measured.getHighestTrackableValue()));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, String.valueOf(e.getMessage()));
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(120, TimeUnit.SECONDS);
            CpuMeter.Usage cpu = CpuMeter.between(from, meter.snapshot());
            OpenModel model = new OpenModel(name, measured, errors.get(), firstError.get(), cpu, total - warmup);
            System.out.printf("  %s: %,d requests measured; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                            + "max %.1f ms; errors %d%s%n      %s%n", name, measured.getTotalCount(),
                    model.millis(50), model.millis(90), model.millis(99), model.millis(99.9),
                    measured.getMaxValue() / 1000.0, errors.get(),
                    firstError.get() == null ? "" : " (first: " + firstError.get() + ")", cpu.describe(total - warmup));
            return model;
        }

        double millis(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        Result result(String id, double targetMillis) {
            double p99 = millis(99);
            return Result.of(id, Math.round(p99 * 100) / 100.0, "ms_p99", null, "p99<=" + (long) targetMillis + "ms",
                    p99 <= targetMillis && errors == 0 && histogram.getTotalCount() == sent);
        }

        Result disturbed(Result result) {
            String why = cpu.disturbance();
            return why == null ? result : result.disturbedBy(why);
        }
    }

    // ---- footprint ----------------------------------------------------------------------------

    /** The server's JVM options for the footprint: a heap an operator would give a 1 GB container. */
    static final List<String> FOOTPRINT_JAVA_OPTIONS = List.of("-Xmx512m");

    List<Result> footprint() throws Exception {
        return onFreshDatabase((url, name, db, starter) -> {
            try (ServerUnderTest server = starter.start(FOOTPRINT_JAVA_OPTIONS)) {
                double startup = server.secondsToFirstHealthy();
                UsageBenchmark usage = new UsageBenchmark(with(8, 8));
                List<String> subscriptions = usage.setUp(server);
                CpuMeter meter = new CpuMeter(server.handle(), name);
                Load.Result single = Load.run("usage-single (for the RSS)", 8, common.warmupSeconds(), common.seconds(),
                        meter, usage.singleUnit(server, subscriptions));
                long rss = server.residentBytes();
                System.out.printf("server JVM %s: first 200 on /health %.2f s after the JVM was launched (an external "
                        + "PostgreSQL, a fresh database: migrations included); RSS after usage-single %,d MB%n",
                        FOOTPRINT_JAVA_OPTIONS, startup, rss / (1024 * 1024));
                print("POST /v1/usage (load for the RSS)", single);
                Result start = Result.of("footprint-startup", Math.round(startup * 100) / 100.0, "s", null, "<=8s",
                        startup <= 8);
                Result memory = Result.of("footprint-rss", rss / (1024 * 1024), "MB", null, "<=600MB",
                        rss > 0 && rss <= 600L * 1024 * 1024);
                return List.of(start, disturbed(memory, single));
            }
        });
    }

    // ---- the baseline of single writes ----------------------------------------------------------

    /**
     * One-row INSERT transactions per second (autocommit: each row its own commit) into a scratch
     * table shaped like {@code usage_records}, from {@code threads} threads: what the machine's
     * PostgreSQL does for a write that must be durable before it is answered.
     */
    private Load.Result oneRowInserts(String databaseUrl, String databaseName, Connection db, int threads)
            throws Exception {
        System.out.println("baseline: one-row INSERT transactions into a scratch table shaped like usage_records, "
                + threads + " threads");
        try (Statement statement = db.createStatement()) {
            UsageBenchmark.createLedgerShapedTable(statement, "bench_single_rows");
            UsageBenchmark.checkpoint(statement);
        }
        Connection[] connections = new Connection[threads];
        PreparedStatement[] inserts = new PreparedStatement[threads];
        try {
            for (int i = 0; i < threads; i++) {
                connections[i] = DriverManager.getConnection(databaseUrl);
                connections[i].setAutoCommit(true);
                inserts[i] = connections[i].prepareStatement("""
                        INSERT INTO bench_single_rows (idempotency_key, record_id, subscription_id, quantity,
                            occurred_at, properties, period_start, period_end, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""");
            }
            OffsetDateTime periodStart = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            OffsetDateTime periodEnd = periodStart.plusMonths(1);
            return Load.run("one-row inserts", threads, common.warmupSeconds(), common.seconds(),
                    new CpuMeter(null, databaseName), (client, sequence) -> {
                        PreparedStatement insert = inserts[client];
                        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                        insert.setString(1, "s" + run + "-" + client + "-" + sequence);
                        insert.setString(2, "evt_" + UUID.randomUUID());
                        insert.setString(3, "sub_" + (sequence % 8));
                        insert.setLong(4, 1 + sequence % 10);
                        insert.setObject(5, now);
                        insert.setString(6, PROPERTIES_JSON);
                        insert.setObject(7, periodStart);
                        insert.setObject(8, periodEnd);
                        insert.setObject(9, now);
                        insert.executeUpdate();
                        return 1;
                    });
        } finally {
            for (Connection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS bench_single_rows");
                UsageBenchmark.checkpoint(statement);
            }
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private <T> T onFreshDatabase(Work<T> work) throws Exception {
        try (Postgres postgres = Postgres.locate(common)) {
            String databaseUrl = postgres.createDatabase();
            Thread dropOnAbort = new Thread(() -> {
                if (!common.keepDatabase()) {
                    postgres.dropDatabase();
                }
            }, "drop-bench-database");
            Runtime.getRuntime().addShutdownHook(dropOnAbort);
            System.out.println("postgres: " + postgres.serverVersion().replaceFirst(" on .*", "") + " at "
                    + postgres.description() + ", database " + postgres.databaseName());
            try (Connection db = DriverManager.getConnection(databaseUrl)) {
                return work.run(databaseUrl, postgres.databaseName(), db, javaOptions -> {
                    Path log = Files.createTempFile("billing-bench-server-", ".log");
                    System.out.println("starting the server: " + common.serverJar() + " " + javaOptions + " (log: "
                            + log + ")");
                    return ServerUnderTest.start(common.serverJar(), javaOptions, Map.of(), databaseUrl,
                            "blk_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24)), log);
                });
            } finally {
                if (!common.keepDatabase()) {
                    postgres.dropDatabase();
                }
                Runtime.getRuntime().removeShutdownHook(dropOnAbort);
            }
        }
    }

    /** The common options with this measure's client counts. */
    private Options with(int clients, int singleClients) {
        return new Options(common.databaseUrl(), common.databaseUrlGiven(), clients, singleClients, clients,
                common.warmupSeconds(), common.seconds(), common.batchSize(), common.subscriptions(),
                common.serverJar(), common.serverJavaOptions(), common.keepDatabase());
    }

    private static void print(String what, Load.Result result) {
        System.out.printf("%-30s %s%n", what + ":", result.describe());
    }

    private static Result disturbed(Result result, Load.Result... windows) {
        for (Load.Result window : windows) {
            String why = window.cpu().disturbance();
            if (why != null) {
                return result.disturbedBy(window.name() + ": " + why);
            }
        }
        return result;
    }
}
