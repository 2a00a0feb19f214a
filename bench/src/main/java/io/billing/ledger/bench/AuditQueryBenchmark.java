package io.billing.ledger.bench;

import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.projection.audit.AuditCatalog;
import io.billing.ledger.projection.audit.AuditLogDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code GET /v1/audit} on a store of a million events (issue 14: ≤ 100 ms p99): fills the
 * audit log's own tables, created by its own migration, with synthetic rows made by
 * {@code generate_series} in a scratch database, then times {@link AuditLogDirectory#list} — the
 * page and its total, exactly what the endpoint runs — for each filter combination. No server:
 * what is measured is the projection's indexes and queries.
 *
 * <pre>
 * java -cp bench/target/billing-bench.jar -Dloader.main=io.billing.ledger.bench.AuditQueryBenchmark \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [--rows N] [--queries N] [--database-url URL] [--keep-database]
 * </pre>
 */
public final class AuditQueryBenchmark {

    private static final String MIGRATION = "db/migration/projections/V2026_12_01_0100__audit_log.sql";
    private static final Instant FIRST = Instant.parse("2025-12-01T00:00:00Z");
    private static final Duration TARGET_P99 = Duration.ofMillis(100);

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        int rows = intOption(args, "--rows", 1_000_000);
        int queries = intOption(args, "--queries", 300);
        boolean keep = Arrays.asList(args).contains("--keep-database");
        String url = stringOption(args, "--database-url", Options.DEFAULT_DATABASE_URL);
        Options options = Options.parse(new String[]{"--database-url=" + url});
        try (Postgres postgres = Postgres.locate(options)) {
            System.out.println("machine: " + Machine.describe());
            System.out.println("database: " + postgres.description() + ", " + postgres.serverVersion());
            String database = postgres.createDatabase();
            try (Connection connection = DriverManager.getConnection(database)) {
                long started = System.nanoTime();
                fill(connection, rows);
                System.out.printf("filled audit_log with %,d rows (and their day counters) in %.1f s%n", rows,
                        (System.nanoTime() - started) / 1e9);
                measure(connection, rows, queries);
            } finally {
                if (!keep) {
                    postgres.dropDatabase();
                }
            }
        }
    }

    /** The migration's tables and indexes, then the rows: every event type, ~8 events per resource, over a year. */
    private static void fill(Connection connection, int rows) throws Exception {
        try (Statement statement = connection.createStatement();
             InputStream migration = AuditQueryBenchmark.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            if (migration == null) {
                throw new IllegalStateException(MIGRATION + " is not on the classpath");
            }
            String ddl = new String(migration.readAllBytes(), StandardCharsets.UTF_8);
            // indexes after the rows, as a rebuild would find them cheapest; the same definitions either way
            String tables = ddl.replaceAll("(?m)^CREATE INDEX.*$", "");
            statement.execute(tables);
            StringBuilder kinds = new StringBuilder("CREATE TABLE bench_kinds (n INT, action TEXT, resource_type TEXT, "
                    + "prefix TEXT); INSERT INTO bench_kinds VALUES ");
            int n = 0;
            for (AuditCatalog.Kind kind : AuditCatalog.kinds().values()) {
                kinds.append(n == 0 ? "" : ",").append("(").append(n++).append(",'").append(kind.action())
                        .append("','").append(kind.resource().name()).append("','")
                        .append(kind.action().substring(0, Math.min(4, kind.action().indexOf('.')))).append("')");
            }
            statement.execute(kinds.toString());
            statement.execute("""
                    INSERT INTO audit_log (position, event_id, actor, action, resource_type, resource_id, before, after,
                        request_id, correlation_id, clock_time, created_at)
                    SELECT g, md5('e' || g), a.actor, k.action, k.resource_type,
                           k.prefix || '_' || md5(k.resource_type || (g %% (%d / 8))),
                           CASE WHEN g %% 8 = 0 THEN NULL ELSE jsonb_build_object('id', 'r' || g, 'status', 'active',
                               'amountCents', g %% 10000, 'currency', 'usd', 'name', 'Resource ' || g,
                               'metadata', jsonb_build_object('team', 'ops'), 'createdAt', '2026-01-01T00:00:00.000Z',
                               'updatedAt', '2026-01-02T00:00:00.000Z') END,
                           jsonb_build_object('id', 'r' || g, 'status', 'canceled', 'amountCents', g %% 10000,
                               'currency', 'usd', 'name', 'Resource ' || g, 'metadata', jsonb_build_object('team', 'ops'),
                               'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-02T00:00:00.000Z'),
                           'req_' || md5('r' || (g / 3)), md5('c' || (g / 3)), NULL,
                           timestamptz '2025-12-01 00:00:00+00' + (g * interval '1 second') * (31536000.0 / %d)
                    FROM generate_series(1, %d) g
                    JOIN bench_kinds k ON k.n = (g::bigint * 7919) %% %d
                    CROSS JOIN LATERAL (SELECT CASE
                        WHEN g %% 10 < 6 THEN (ARRAY['system:billing-scheduler','system:payments','system:dunning',
                            'system:webhook-delivery','system:stripe-customer-sync','system:payment-notifications'])[1 + g %% 6]
                        WHEN g %% 10 < 9 THEN 'key_' || md5('k' || (g %% 200))
                        ELSE 'cli:key_' || md5('k' || (g %% 20)) END AS actor) a""".formatted(rows, rows, rows, n));
            // the counters the projection keeps: per month and per day, per actor and for all ('*')
            statement.execute("""
                    INSERT INTO audit_log_counts (actor, span, bucket, resource_type, action, entries)
                    SELECT who, span, bucket, resource_type, action, count(*) FROM (
                        SELECT w.who, s.span, CASE s.span WHEN 'm' THEN date_trunc('month', (created_at AT TIME ZONE 'UTC'))::date
                                                 ELSE (created_at AT TIME ZONE 'UTC')::date END AS bucket,
                               resource_type, action
                        FROM audit_log CROSS JOIN LATERAL (VALUES (actor), ('*')) w(who)
                                       CROSS JOIN (VALUES ('m'), ('d')) s(span)) c
                    GROUP BY 1, 2, 3, 4, 5""");
            for (String index : ddl.lines().filter(line -> line.startsWith("CREATE INDEX")).toList()) {
                statement.execute(index);
            }
            statement.execute("VACUUM ANALYZE audit_log");
            statement.execute("VACUUM ANALYZE audit_log_counts");
        }
    }

    private static void measure(Connection connection, int rows, int queries) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        AuditLogDirectory directory = new AuditLogDirectory(jdbc);
        List<String> resourceIds = jdbc.queryForList(
                "SELECT resource_id FROM audit_log TABLESAMPLE SYSTEM (1) LIMIT 1000", String.class);
        List<String> actors = jdbc.queryForList(
                "SELECT DISTINCT actor FROM audit_log_counts WHERE span = 'm' AND actor <> '*'", String.class);
        List<String> actions = new ArrayList<>(AuditCatalog.actions());
        List<String> types = new ArrayList<>(AuditCatalog.resourceTypes());
        Random random = new Random(14);
        Function<Duration, Instant[]> window = length -> {
            long span = Duration.ofDays(365).minus(length).toSeconds();
            Instant from = FIRST.plusSeconds((long) (random.nextDouble() * span)).plusMillis(random.nextInt(1000));
            return new Instant[]{from, from.plus(length)};
        };
        Map<String, Function<Random, AuditLogDirectory.Filter>> combinations = new LinkedHashMap<>();
        combinations.put("no filter", r -> filter(null, null, null, null, null));
        combinations.put("resourceType", r -> filter(pick(types, r), null, null, null, null));
        combinations.put("resourceId", r -> filter(null, pick(resourceIds, r), null, null, null));
        combinations.put("resourceType+resourceId", r -> {
            String id = pick(resourceIds, r);
            String type = jdbc.queryForObject("SELECT resource_type FROM audit_log WHERE resource_id = ? LIMIT 1",
                    String.class, id);
            return filter(type, id, null, null, null);
        });
        combinations.put("actor", r -> filter(null, null, pick(actors, r), null, null));
        combinations.put("action", r -> filter(null, null, null, pick(actions, r), null));
        combinations.put("from+to (1 hour)", r -> filter(null, null, null, null, window.apply(Duration.ofHours(1))));
        combinations.put("from+to (30 days)", r -> filter(null, null, null, null, window.apply(Duration.ofDays(30))));
        combinations.put("from only (last 7 days)", r -> new AuditLogDirectory.Filter(null, null, null, null,
                FIRST.plus(Duration.ofDays(358)).plusSeconds(r.nextInt(3600)), null));
        combinations.put("to only (first 30 days)", r -> new AuditLogDirectory.Filter(null, null, null, null, null,
                FIRST.plus(Duration.ofDays(30)).plusSeconds(r.nextInt(3600))));
        combinations.put("resourceType+action", r -> {
            String action = pick(actions, r);
            return filter(typeOf(action), null, null, action, null);
        });
        combinations.put("actor+action", r -> filter(null, null, pick(actors, r), pick(actions, r), null));
        combinations.put("actor+from+to (30 days)", r -> filter(null, null, pick(actors, r), null,
                window.apply(Duration.ofDays(30))));
        combinations.put("resourceType+action+actor+from+to (30 days)", r -> {
            String action = pick(actions, r);
            return filter(typeOf(action), null, pick(actors, r), action, window.apply(Duration.ofDays(30)));
        });
        combinations.put("resourceId+from+to (30 days)", r -> filter(null, pick(resourceIds, r), null, null,
                window.apply(Duration.ofDays(30))));
        System.out.printf("%n%,d rows; %d queries per combination after 30 of warm-up; page 1 of 20 unless said; "
                + "each query is the page and its totalCount%n", rows, queries);
        System.out.printf("%-46s %9s %9s %9s %9s %12s%n", "filters", "p50 ms", "p99 ms", "max ms", "rows/page",
                "avg total");
        boolean met = true;
        for (Map.Entry<String, Function<Random, AuditLogDirectory.Filter>> combination : combinations.entrySet()) {
            met &= time(directory, combination.getKey(), combination.getValue(), random, queries, 1);
        }
        met &= time(directory, "no filter, page 50 of 20", r -> filter(null, null, null, null, null), random, queries,
                50);
        met &= time(directory, "actor, page 50 of 20", r -> filter(null, null, pick(actors, r), null, null), random,
                queries, 50);
        System.out.println(met ? "target: p99 <= 100 ms for every combination: MET"
                : "target: p99 <= 100 ms for every combination: NOT MET");
    }

    private static boolean time(AuditLogDirectory directory, String name,
                                Function<Random, AuditLogDirectory.Filter> filters, Random random, int queries,
                                int page) {
        for (int i = 0; i < 30; i++) {
            directory.list(filters.apply(random), new PageRequest(page, 20));
        }
        long[] nanos = new long[queries];
        long items = 0;
        long totals = 0;
        for (int i = 0; i < queries; i++) {
            AuditLogDirectory.Filter filter = filters.apply(random);
            long start = System.nanoTime();
            var result = directory.list(filter, new PageRequest(page, 20));
            nanos[i] = System.nanoTime() - start;
            items += result.items().size();
            totals += result.totalCount();
        }
        Arrays.sort(nanos);
        double p50 = nanos[queries / 2] / 1e6;
        double p99 = nanos[(int) Math.ceil(queries * 0.99) - 1] / 1e6;
        double max = nanos[queries - 1] / 1e6;
        System.out.printf("%-46s %9.1f %9.1f %9.1f %9.1f %,12d%n", name, p50, p99, max, (double) items / queries,
                totals / queries);
        return p99 <= TARGET_P99.toMillis();
    }

    private static AuditLogDirectory.Filter filter(String type, String id, String actor, String action, Instant[] window) {
        return new AuditLogDirectory.Filter(type, id, actor, action, window == null ? null : window[0],
                window == null ? null : window[1]);
    }

    private static String typeOf(String action) {
        return AuditCatalog.kinds().values().stream().filter(kind -> kind.action().equals(action)).findFirst()
                .orElseThrow().resource().name();
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static int intOption(String[] args, String name, int otherwise) {
        String value = stringOption(args, name, null);
        return value == null ? otherwise : Integer.parseInt(value.replace("_", "").replace(",", ""));
    }

    private static String stringOption(String[] args, String name, String otherwise) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return otherwise;
    }
}
