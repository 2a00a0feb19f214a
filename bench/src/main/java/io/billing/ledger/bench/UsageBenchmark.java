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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 4, "Performance": usage ingestion against the physical limit of the same machine.
 *
 * <ol>
 *   <li>(a) raw JDBC: batches of 1,000 INSERTs ({@code reWriteBatchedInserts=true}) into a
 *       scratch table shaped like {@code usage_records}, a few threads: the baseline;</li>
 *   <li>(b) {@code POST /v1/usage/batch}, 1,000 records per request, several clients, unique keys;</li>
 *   <li>(c) {@code POST /v1/usage}, one record per request, several clients.</li>
 * </ol>
 *
 * Creates a fresh database (dropped at the end), runs the built server jar as a child process
 * on a loopback port, creates a per_unit plan, customers and subscriptions over HTTP, warms
 * each phase up, measures it for a fixed time and prints the rates, the ratio (b)/(a) and
 * whether the targets are met: (b) ≥ 20,000 records/s and (b) ≥ 0.6 × (a). No Spring here:
 * java.net.http and Jackson.
 */
public final class UsageBenchmark {

    static final double TARGET_RECORDS_PER_SECOND = 20_000;
    static final double TARGET_SHARE_OF_BASELINE = 0.6;
    private static final String PROPERTIES_JSON = "{\"endpoint\":\"/v1/search\",\"region\":\"eu-west-1\"}";
    private static final String CREATED = "\"status\":\"created\"";

    private final Options options;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    UsageBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        boolean met = new UsageBenchmark(options).run();
        System.exit(met ? 0 : 1);
    }

    /** Runs all phases; answers whether both targets were met. */
    private boolean run() throws Exception {
        long started = System.nanoTime();
        System.out.println("== billing-ledger usage ingestion benchmark (issue 4) ==");
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
            System.out.printf("settings: %d batch clients, %d single clients, %d JDBC threads, %d records per "
                            + "batch, %d subscriptions, %d s warm-up + %d s measured per phase%n",
                    options.clients(), options.singleClients(), options.jdbcThreads(), options.batchSize(),
                    options.subscriptions(), options.warmupSeconds(), options.seconds());

            Load.Result baseline;
            Load.Result batch;
            Load.Result single;
            String catchUp;
            String check;
            Path log = Files.createTempFile("billing-bench-server-", ".log");
            try (Connection db = DriverManager.getConnection(databaseUrl)) {
                System.out.println("(a) raw JDBC batched INSERT into a scratch table shaped like usage_records");
                baseline = jdbcBaseline(databaseUrl, postgres.databaseName(), db);

                System.out.println("starting the server: " + options.serverJar() + " (log: " + log + ")");
                try (ServerUnderTest server = ServerUnderTest.start(options.serverJar(), options.serverJavaOptions(),
                        Map.of(), databaseUrl, "blk_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24)),
                        log)) {
                    List<String> subscriptions = setUp(server);
                    CpuMeter meter = new CpuMeter(server.handle(), postgres.databaseName());

                    System.out.println("(b) POST /v1/usage/batch, " + options.batchSize() + " records per request");
                    batch = Load.run("batch", options.clients(), options.warmupSeconds(), options.seconds(), meter,
                            batchUnit(server, subscriptions));
                    server.requireAlive("during (b)");
                    catchUp = awaitProjection(db);
                    server.requireAlive("while the projection caught up");

                    System.out.println("(c) POST /v1/usage, one record per request");
                    single = Load.run("single", options.singleClients(), options.warmupSeconds(), options.seconds(),
                            meter, singleUnit(server, subscriptions));
                    server.requireAlive("during (c)");
                    check = verify(db, batch.recordsIncludingWarmup() + single.recordsIncludingWarmup());
                }
            }
            if (!options.keepDatabase()) {
                postgres.dropDatabase();
            }
            Runtime.getRuntime().removeShutdownHook(dropOnAbort);
            return report(baseline, batch, catchUp, single, check, (System.nanoTime() - started) / 1e9);
        }
    }

    // ---- (a) the physical baseline --------------------------------------------------------

    Load.Result jdbcBaseline(String databaseUrl, String databaseName, Connection db) throws Exception {
        try (Statement statement = db.createStatement()) {
            // the same columns, keys and index as usage_records (command-side migration V2026_11_25_0700)
            createLedgerShapedTable(statement, "bench_usage_rows");
            checkpoint(statement);
        }
        String url = Postgres.withParameter(databaseUrl, "reWriteBatchedInserts", "true");
        int threads = options.jdbcThreads();
        Connection[] connections = new Connection[threads];
        PreparedStatement[] inserts = new PreparedStatement[threads];
        try {
            for (int i = 0; i < threads; i++) {
                connections[i] = DriverManager.getConnection(url);
                connections[i].setAutoCommit(false);
                inserts[i] = connections[i].prepareStatement("""
                        INSERT INTO bench_usage_rows (idempotency_key, record_id, subscription_id, quantity,
                            occurred_at, properties, period_start, period_end, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""");
            }
            OffsetDateTime periodStart = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            OffsetDateTime periodEnd = periodStart.plusMonths(1);
            String[] subscriptions = new String[options.subscriptions()];
            for (int i = 0; i < subscriptions.length; i++) {
                subscriptions[i] = "sub_" + UUID.randomUUID();
            }
            int size = options.batchSize();
            return Load.run("jdbc", threads, options.warmupSeconds(), options.seconds(), new CpuMeter(null, databaseName),
                    (client, sequence) -> {
                        PreparedStatement insert = inserts[client];
                        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                        String prefix = "a" + run + "-" + client + "-" + sequence + "-";
                        for (int i = 0; i < size; i++) {
                            insert.setString(1, prefix + i);
                            insert.setString(2, "evt_" + UUID.randomUUID());
                            insert.setString(3, subscriptions[i % subscriptions.length]);
                            insert.setLong(4, 1 + i % 10);
                            insert.setObject(5, now);
                            insert.setString(6, PROPERTIES_JSON);
                            insert.setObject(7, periodStart);
                            insert.setObject(8, periodEnd);
                            insert.setObject(9, now);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        connections[client].commit();
                        return size;
                    });
        } finally {
            for (Connection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
            // out of the way of the server phases (no autovacuum of it, its pages flushed)
            try (Statement statement = db.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS bench_usage_rows");
                checkpoint(statement);
            }
        }
    }

    /** A scratch table with the columns, keys and index of {@code usage_records} (command-side V2026_11_25_0700). */
    static void createLedgerShapedTable(Statement statement, String name) throws SQLException {
        statement.execute("""
                CREATE TABLE %1$s (
                    idempotency_key VARCHAR(255) PRIMARY KEY,
                    record_id       VARCHAR(64)  NOT NULL UNIQUE,
                    subscription_id VARCHAR(64)  NOT NULL,
                    quantity        BIGINT       NOT NULL,
                    occurred_at     TIMESTAMPTZ  NOT NULL,
                    properties      JSONB        NOT NULL,
                    period_start    TIMESTAMPTZ  NOT NULL,
                    period_end      TIMESTAMPTZ  NOT NULL,
                    recorded_at     TIMESTAMPTZ  NOT NULL)""".formatted(name));
        statement.execute("CREATE INDEX %1$s_period ON %1$s (subscription_id, period_start)".formatted(name));
    }

    static void checkpoint(Statement statement) {
        try {
            statement.execute("CHECKPOINT");
        } catch (SQLException notSuperuser) {
            // fine: only makes the phases start from the same state
        }
    }

    // ---- set-up over HTTP --------------------------------------------------------------------

    List<String> setUp(ServerUnderTest server) throws Exception {
        String plan = server.post("/v1/plans", "{\"name\":\"Bench API calls\",\"pricingModel\":\"per_unit\","
                + "\"amountCents\":1,\"billingInterval\":\"month\"}").path("data").path("id").asText();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < options.subscriptions(); i++) {
            String customer = server.post("/v1/customers", "{\"name\":\"Bench " + i + "\",\"email\":\"bench-" + i
                    + "@example.com\"}").path("data").path("id").asText();
            JsonNode subscription = server.post("/v1/subscriptions", "{\"customerId\":\"" + customer
                    + "\",\"planId\":\"" + plan + "\"}").path("data");
            subscriptions.add(subscription.path("id").asText());
            if (i == 0) {
                System.out.println("set up: per_unit plan " + plan + "; subscription " + subscription.path("id").asText()
                        + " is " + subscription.path("status").asText("?") + ", current period "
                        + subscription.path("currentPeriodStart").asText("?") + " – "
                        + subscription.path("currentPeriodEnd").asText("?"));
            }
        }
        // a first record must be accepted, or nothing below can be (wrong plan, status or period)
        HttpResponse<String> probe = HttpClient.newHttpClient().send(server.request("/v1/usage")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(singleBody(subscriptions.get(0), "probe-" + run, 1)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (probe.statusCode() != 201) {
            throw new IllegalStateException("a usage record was refused: " + probe.statusCode() + " " + probe.body());
        }
        System.out.println("set up: " + subscriptions.size() + " subscriptions on it; a probe record was accepted");
        return subscriptions;
    }

    // ---- (b) and (c) -------------------------------------------------------------------------

    Load.Unit batchUnit(ServerUnderTest server, List<String> subscriptions) {
        HttpClient[] clients = httpClients(options.clients());
        int size = options.batchSize();
        return (client, sequence) -> {
            String timestamp = Instant.now().toString();
            String prefix = "b" + run + "-" + client + "-" + sequence + "-";
            StringBuilder body = new StringBuilder(size * 200).append("{\"records\":[");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"subscriptionId\":\"").append(subscriptions.get(i % subscriptions.size()))
                        .append("\",\"idempotencyKey\":\"").append(prefix).append(i)
                        .append("\",\"quantity\":").append(1 + i % 10)
                        .append(",\"timestamp\":\"").append(timestamp)
                        .append("\",\"properties\":").append(PROPERTIES_JSON).append('}');
            }
            body.append("]}");
            HttpResponse<String> response = clients[client].send(server.request("/v1/usage/batch")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("batch answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            int created = occurrences(response.body(), CREATED);
            if (created != size) {
                throw new IllegalStateException("batch created " + created + " of " + size + ": "
                        + abbreviate(firstNotCreated(response.body())));
            }
            return created;
        };
    }

    Load.Unit singleUnit(ServerUnderTest server, List<String> subscriptions) {
        HttpClient[] clients = httpClients(options.singleClients());
        return (client, sequence) -> {
            String body = singleBody(subscriptions.get((int) ((client + sequence) % subscriptions.size())),
                    "c" + run + "-" + client + "-" + sequence, 1 + (int) (sequence % 10));
            HttpResponse<String> response = clients[client].send(server.request("/v1/usage")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("single answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            return 1;
        };
    }

    static String singleBody(String subscription, String key, int quantity) {
        return "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"" + key + "\",\"quantity\":"
                + quantity + ",\"timestamp\":\"" + Instant.now() + "\",\"properties\":" + PROPERTIES_JSON + "}";
    }

    /** One HTTP/1.1 client (and so its own keep-alive connection) per client thread. */
    static HttpClient[] httpClients(int n) {
        HttpClient[] clients = new HttpClient[n];
        for (int i = 0; i < n; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }
        return clients;
    }

    // ---- checks ------------------------------------------------------------------------------

    /** Waits (bounded) for the usage-summaries projection to hold every record, and says how long it took. */
    static String awaitProjection(Connection db) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(120).toNanos();
        long behindAtStart = -1;
        while (true) {
            long stored = count(db, "SELECT count(*) FROM usage_records");
            long projected = count(db, "SELECT count(*) FROM usage_record_log");
            long behind = stored - projected;
            if (behindAtStart < 0) {
                behindAtStart = behind;
            }
            double waited = (System.nanoTime() - start) / 1e9;
            if (behind <= 0) {
                String result = String.format("the usage-summaries projection was %,d records behind at the end "
                        + "of (b) and caught up %.1f s later", behindAtStart, waited);
                System.out.println("  " + result);
                return result;
            }
            if (System.nanoTime() > deadline) {
                String result = String.format("the usage-summaries projection was %,d records behind at the end of "
                        + "(b) and still %,d behind after %.0f s (not waited for longer)", behindAtStart, behind, waited);
                System.out.println("  " + result);
                return result;
            }
            Thread.sleep(1000);
        }
    }

    String verify(Connection db, long createdByClients) throws SQLException {
        long stored = count(db, "SELECT count(*) FROM usage_records WHERE idempotency_key NOT LIKE 'probe-%'");
        long events = count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%UsageRecorded'")
                - 1; // the probe
        String result = String.format("%,d records answered as created; usage_records holds %,d, the event store "
                + "%,d UsageRecorded events (probe excluded)%s", createdByClients, stored, events,
                stored == createdByClients && events == createdByClients ? ": consistent" : ": MISMATCH");
        System.out.println("check: " + result);
        return result;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- the report --------------------------------------------------------------------------

    private boolean report(Load.Result a, Load.Result b, String catchUp, Load.Result c, String check,
                           double totalSeconds) {
        double ratio = b.perSecond() / a.perSecond();
        boolean absolute = b.perSecond() >= TARGET_RECORDS_PER_SECOND;
        boolean relative = ratio >= TARGET_SHARE_OF_BASELINE;
        System.out.println();
        System.out.println("== results ==");
        System.out.println("(a) raw JDBC batched INSERT:   " + a.describe());
        System.out.println("(b) POST /v1/usage/batch:      " + b.describe());
        System.out.println("    " + catchUp);
        System.out.println("(c) POST /v1/usage (single):   " + c.describe());
        System.out.println("    " + check);
        System.out.printf("ratio (b)/(a): %.2f%n", ratio);
        System.out.printf("target (b) >= %,.0f records/s: %s (%,.0f records/s, %s)%n", TARGET_RECORDS_PER_SECOND,
                absolute ? "MET" : "NOT MET", b.perSecond(), gap(b.perSecond(), TARGET_RECORDS_PER_SECOND));
        System.out.printf("target (b) >= %.1f x (a) = %,.0f records/s: %s (ratio %.2f, %s)%n",
                TARGET_SHARE_OF_BASELINE, TARGET_SHARE_OF_BASELINE * a.perSecond(), relative ? "MET" : "NOT MET",
                ratio, gap(b.perSecond(), TARGET_SHARE_OF_BASELINE * a.perSecond()));
        System.out.printf("total run time %.0f s%n", totalSeconds);
        return absolute && relative;
    }

    private static String gap(double value, double target) {
        double percent = (value / target - 1) * 100;
        return percent >= 0 ? String.format("%.0f%% above", percent) : String.format("%.0f%% short", -percent);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static String firstNotCreated(String body) {
        for (String status : List.of("\"status\":\"invalid\"", "\"status\":\"duplicate\"")) {
            int at = body.indexOf(status);
            if (at >= 0) {
                return body.substring(Math.max(0, at - 20), Math.min(body.length(), at + 300));
            }
        }
        return body;
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }
}
