package io.billing.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 5, "Billing run at scale": N flat-rate monthly subscriptions on ONE test clock are
 * renewed and their renewal invoices drafted and finalized by the billing scheduler when the
 * clock is advanced one month (+ 2 h, past the finalize delay). Target: N = 100,000 in ≤ 120 s.
 *
 * <ol>
 *   <li>a fresh database; the server jar as a child JVM in test mode;</li>
 *   <li>set-up over HTTP (timed, not part of the billing run): a test clock frozen at
 *       {@code --frozen-time}, P flat-rate monthly plans, C customers on the clock, and N
 *       subscriptions, one per (customer, plan) pair, from {@code --clients} concurrent clients;
 *       each subscription gets its first invoice (a draft) in its creating transaction;</li>
 *   <li>pre-run (timed separately): the clock advances 2 h so the N first invoices are finalized
 *       — a finalization-only run; skipped with {@code --no-prefinalize} (then the billing run
 *       finalizes them too);</li>
 *   <li>the billing run: the clock advances to frozen time + 1 month + 2 h; measured from the
 *       advance request until no renewal and no finalization is due on the clock any more (polled
 *       in {@code subscription_schedule} / {@code invoice_finalizations}), and until
 *       {@code GET /v1/test-clocks/{id}} answers {@code ready};</li>
 *   <li>checks: N {@code SubscriptionRenewed}, 2N {@code InvoiceDrafted}, 2N {@code InvoiceFinalized}
 *       with 2N distinct numbers 1…2N (gapless), the clock ready, no scheduler item failed;
 *       every invoice charged through the server's payment processor (the simulated one: the
 *       server is started without {@code STRIPE_SECRET_KEY}): 2N {@code PaymentSucceeded} and 2N
 *       {@code InvoicePaid}, no {@code PaymentFailed}.</li>
 * </ol>
 * Every customer gets {@code --payment-method} (default {@code pm_card_visa}) in the set-up, so the
 * payment saga charges each invoice as it is finalized; the clock is {@code ready} only once the
 * saga has handled all of them (issue 11).
 *
 * Run with {@code java -cp bench/target/billing-bench.jar -Dloader.main=io.billing.ledger.bench.BillingRunBenchmark
 * org.springframework.boot.loader.launch.PropertiesLauncher [options]}; see docs/benchmarks.md.
 */
public final class BillingRunBenchmark {

    static final double TARGET_SECONDS_AT_100K = 120;
    private static final String EVENTS = "io.billing.ledger.api.";
    private static final String SUBSCRIPTION_CREATED = EVENTS + "subscription.SubscriptionCreated";
    private static final String SUBSCRIPTION_RENEWED = EVENTS + "subscription.SubscriptionRenewed";
    private static final String INVOICE_DRAFTED = EVENTS + "invoice.InvoiceDrafted";
    private static final String INVOICE_FINALIZED = EVENTS + "invoice.InvoiceFinalized";
    private static final String INVOICE_PAID = EVENTS + "invoice.InvoicePaid";
    private static final String PAYMENT_SUCCEEDED = EVENTS + "payment.PaymentSucceeded";
    private static final String PAYMENT_FAILED = EVENTS + "payment.PaymentFailed";

    static final String USAGE = """
            java -cp bench/target/billing-bench.jar -Dloader.main=io.billing.ledger.bench.BillingRunBenchmark \\
                 org.springframework.boot.loader.launch.PropertiesLauncher [options]
              --subscriptions N       subscriptions on the test clock (default 100000)
              --clients N             concurrent HTTP clients of the set-up (default 16)
              --plans N               flat-rate plans; customers = ceil(N / plans) (default min(1000, max(1, N/100)))
              --frozen-time INSTANT   the clock's start (default 2026-01-01T00:00:00Z; run stays in one year)
              --no-prefinalize        do not finalize the first invoices before the billing run (then it does 3N items)
              --payment-method ID     attached to every customer; each invoice is charged with it (default pm_card_visa)
              --scheduler-workers N   billing.scheduler.workers of the server (default: the server's, 4)
              --server-property K=V   any other server property (repeatable)
              --max-wait-seconds N    give up on the billing run (and the pre-run) after N s (default 1800)
              --database-url URL      admin JDBC URL (default %s; embedded if nothing answers)
              --server-jar PATH       default server/target/billing-ledger-server.jar
              --server-java-opts "…"  JVM options of the server process (default "-Xms1g -Xmx1g")
              --keep-database         do not drop the benchmark's database at the end
            """.formatted(Options.DEFAULT_DATABASE_URL);

    private final Options common;
    private final int subscriptions;
    private final int clients;
    private final int plans;
    private final int customers;
    private final Instant frozenTime;
    private final boolean prefinalize;
    private final Map<String, String> serverProperties;
    private final int maxWaitSeconds;
    private final String paymentMethod;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

    private BillingRunBenchmark(Options common, int subscriptions, int clients, Integer plans, Instant frozenTime,
                                boolean prefinalize, Map<String, String> serverProperties, int maxWaitSeconds,
                                String paymentMethod) {
        this.common = common;
        this.subscriptions = subscriptions;
        this.clients = clients;
        this.plans = plans != null ? Math.min(plans, subscriptions) : Math.min(1000, Math.max(1, subscriptions / 100));
        this.customers = (subscriptions + this.plans - 1) / this.plans;
        this.frozenTime = frozenTime;
        this.prefinalize = prefinalize;
        this.serverProperties = serverProperties;
        this.maxWaitSeconds = maxWaitSeconds;
        this.paymentMethod = paymentMethod;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        BillingRunBenchmark benchmark;
        try {
            benchmark = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int exit = benchmark.run();
        System.exit(exit);
    }

    /** The {@code billing-run} measure of {@link Bench}: the same run, summarised as one {@link Result}. */
    static Result measure(String[] args) throws Exception {
        BillingRunBenchmark benchmark = parse(args);
        benchmark.run();
        Phase run = benchmark.lastReport.billingRun;
        boolean correct = benchmark.lastReport.checks.startsWith("CORRECT");
        double ready = benchmark.readySeconds;
        boolean atSize = benchmark.subscriptions >= 100_000;
        Result result = Result.of("billing-run", ready, "s", null,
                "<=" + (long) TARGET_SECONDS_AT_100K + "s_for_100000_subscriptions",
                atSize && correct && !run.timedOut && ready <= TARGET_SECONDS_AT_100K);
        String disturbed = run.cpu == null ? null : run.cpu.disturbance();
        return disturbed == null ? result : result.disturbedBy(disturbed);
    }

    private static BillingRunBenchmark parse(String[] args) {
        List<String> passThrough = new ArrayList<>();
        int subscriptions = 100_000;
        int clients = 16;
        Integer plans = null;
        Instant frozen = Instant.parse("2026-01-01T00:00:00Z");
        boolean prefinalize = true;
        Map<String, String> properties = new LinkedHashMap<>();
        int maxWait = 1800;
        String paymentMethod = "pm_card_visa";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                case "--keep-database" -> passThrough.add(arg);
                case "--no-prefinalize" -> prefinalize = false;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--subscriptions" -> subscriptions = positive(arg, value, 10_000_000);
                        case "--clients" -> clients = positive(arg, value, 512);
                        case "--plans" -> plans = positive(arg, value, 100_000);
                        case "--frozen-time" -> frozen = Instant.parse(value);
                        case "--scheduler-workers" -> properties.put("billing.scheduler.workers",
                                Integer.toString(positive(arg, value, 256)));
                        case "--server-property" -> {
                            int at = value.indexOf('=');
                            if (at <= 0) {
                                throw new IllegalArgumentException("--server-property needs name=value");
                            }
                            properties.put(value.substring(0, at), value.substring(at + 1));
                        }
                        case "--max-wait-seconds" -> maxWait = positive(arg, value, 86_400);
                        case "--payment-method" -> paymentMethod = value;
                        case "--database-url", "--server-jar", "--server-java-opts" -> {
                            passThrough.add(arg);
                            passThrough.add(value);
                        }
                        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                }
            }
        }
        Options common = Options.parse(passThrough.toArray(String[]::new));
        return new BillingRunBenchmark(common, subscriptions, clients, plans, frozen, prefinalize, properties, maxWait,
                paymentMethod);
    }

    /** Test clocks exist only in test mode; the benchmark's own properties come after it and may add more. */
    private static Map<String, String> testMode(Map<String, String> properties) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("billing.test-mode.enabled", "true");
        all.putAll(properties);
        return all;
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value.trim().replace("_", "").replace(",", ""));
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be an integer from 1 to " + max + ", not '" + value + "'");
    }

    // ---- the run ---------------------------------------------------------------------------------

    private int run() throws Exception {
        long started = System.nanoTime();
        System.out.println("== billing-ledger billing-run benchmark (issue 5) ==");
        System.out.println("machine: " + Machine.describe());
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
            System.out.printf("settings: %,d subscriptions = %,d customers x %,d plans (flat_rate, monthly), %d set-up "
                            + "clients, clock frozen at %s, first invoices %s, every customer paying with %s (simulated "
                            + "processor), server properties %s, server JVM %s%n",
                    subscriptions, customers, plans, clients, frozenTime,
                    prefinalize ? "finalized before the run" : "finalized in the run", paymentMethod,
                    serverProperties.isEmpty() ? "(defaults)" : serverProperties, common.serverJavaOptions());
            Path log = Files.createTempFile("billing-run-server-", ".log");
            Report report;
            try (Connection db = DriverManager.getConnection(databaseUrl)) {
                System.out.println("starting the server: " + common.serverJar() + " (log: " + log + ")");
                try (ServerUnderTest server = ServerUnderTest.start(common.serverJar(), common.serverJavaOptions(),
                        testMode(serverProperties), databaseUrl,
                        "blk_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24)), log)) {
                    CpuMeter meter = new CpuMeter(server.handle(), postgres.databaseName());
                    report = new Report();
                    String clock = setUp(server, db, meter, report);
                    server.requireAlive("during the set-up");
                    if (prefinalize) {
                        report.prefinalize = advanceAndWait(server, db, meter, clock, frozenTime.plus(Duration.ofHours(2)),
                                0, subscriptions, subscriptions, "pre-run: first invoices finalized (and paid)");
                        server.requireAlive("during the pre-run");
                    }
                    Instant target = frozenTime.atOffset(ZoneOffset.UTC).plusMonths(1).plusHours(2).toInstant();
                    report.billingRun = advanceAndWait(server, db, meter, clock, target, subscriptions,
                            prefinalize ? subscriptions : 2 * subscriptions, 2 * subscriptions, "billing run");
                    server.requireAlive("during the billing run");
                    report.checks = verify(db, server, clock, target);
                }
            }
            if (!common.keepDatabase()) {
                postgres.dropDatabase();
            }
            Runtime.getRuntime().removeShutdownHook(dropOnAbort);
            return print(report, (System.nanoTime() - started) / 1e9);
        }
    }

    // ---- set-up ---------------------------------------------------------------------------------

    private String setUp(ServerUnderTest server, Connection db, CpuMeter meter, Report report) throws Exception {
        long t0 = System.nanoTime();
        CpuMeter.Snapshot cpu0 = meter.snapshot();
        JsonNode clock = server.post("/v1/test-clocks", "{\"name\":\"billing run " + run + "\",\"frozenTime\":\""
                + frozenTime + "\"}").path("data");
        String clockId = clock.path("id").asText();
        System.out.println("set-up: test clock " + clockId + " frozen at " + clock.path("frozenTime").asText()
                + ", status " + clock.path("status").asText());

        String[] planIds = new String[plans];
        parallel("plans", plans, (http, i) -> planIds[i] = server.send(http, "/v1/plans",
                "{\"name\":\"Bench flat " + i + "\",\"pricingModel\":\"flat_rate\",\"amountCents\":" + (1000 + i % 100)
                        + ",\"billingInterval\":\"month\"}").path("data").path("id").asText(), false);
        String[] customerIds = new String[customers];
        parallel("customers", customers, (http, i) -> customerIds[i] = server.send(http, "/v1/customers",
                "{\"name\":\"Bench " + run + " " + i + "\",\"email\":\"bench-" + run + "-" + i
                        + "@example.com\",\"testClockId\":\"" + clockId + "\"}").path("data").path("id").asText(), false);
        // each customer's invoices are charged with this one (the simulated processor answers like Stripe's test cards)
        parallel("payment methods", customers, (http, i) -> server.send(http, "/v1/customers/" + customerIds[i]
                + "/payment-methods", "{\"paymentMethodId\":\"" + paymentMethod + "\"}"), false);
        double plansAndCustomers = (System.nanoTime() - t0) / 1e9;
        System.out.printf("set-up: %,d plans and %,d customers (each with %s attached) in %.1f s%n", plans, customers,
                paymentMethod, plansAndCustomers);

        // pair i: customer i % C, plan i / C — concurrent requests go to different customers
        long s0 = System.nanoTime();
        CpuMeter.Snapshot cpuS0 = meter.snapshot();
        AtomicInteger sample = new AtomicInteger();
        SetupResult subs = parallel("subscriptions", subscriptions, (http, i) -> {
            JsonNode subscription = server.send(http, "/v1/subscriptions", "{\"customerId\":\""
                    + customerIds[i % customers] + "\",\"planId\":\"" + planIds[i / customers] + "\"}").path("data");
            if (sample.getAndIncrement() == 0) {
                System.out.println("set-up: first subscription " + subscription.path("id").asText() + " is "
                        + subscription.path("status").asText("?") + ", period "
                        + subscription.path("currentPeriodStart").asText("?") + " – "
                        + subscription.path("currentPeriodEnd").asText("?"));
            }
        }, true);
        double subscriptionSeconds = (System.nanoTime() - s0) / 1e9;
        CpuMeter.Usage subscriptionCpu = CpuMeter.between(cpuS0, meter.snapshot());

        long scheduled = count(db, "SELECT count(*) FROM subscription_schedule WHERE test_clock_id = ?", clockId);
        long drafts = count(db, "SELECT count(*) FROM invoice_finalizations WHERE test_clock_id = ?", clockId);
        long created = countEvents(db, SUBSCRIPTION_CREATED);
        report.setup = String.format("%,d subscriptions in %.1f s = %,.0f subscriptions/s (%d clients; request latency "
                        + "p50 %.1f ms, p99 %.1f ms; %d retried, %d failed%s); plans and customers before it %.1f s; "
                        + "whole set-up %.1f s%n      %s%n      in the database: %,d SubscriptionCreated, %,d scheduled on the "
                        + "clock, %,d first invoices waiting for finalization",
                subscriptions, subscriptionSeconds, subscriptions / subscriptionSeconds, clients, subs.p50, subs.p99,
                subs.retried, subs.failed, subs.firstError == null ? "" : ", first error: " + subs.firstError,
                plansAndCustomers, (System.nanoTime() - t0) / 1e9,
                subscriptionCpu.describe(subscriptions).replace("record", "subscription"),
                created, scheduled, drafts);
        System.out.println("set-up: " + report.setup);
        if (scheduled != subscriptions || created != subscriptions || drafts != subscriptions) {
            throw new IllegalStateException("the set-up did not make exactly " + subscriptions + " subscriptions "
                    + "(created " + created + ", scheduled " + scheduled + ", drafts " + drafts + ")");
        }
        report.setupCpuTotal = CpuMeter.between(cpu0, meter.snapshot());
        return clockId;
    }

    @FunctionalInterface
    private interface Item {
        void create(HttpClient http, int index) throws Exception;
    }

    private record SetupResult(double p50, double p99, long retried, long failed, String firstError) {
    }

    /**
     * Does {@code n} items from {@link #clients} threads (one HTTP/1.1 client each). A failed
     * item is tried again up to 3 times — except where a retry could double it: a subscription
     * whose request failed may have been recorded all the same (the answer waits for the read
     * model), so a 409 on its retry counts as done (the pair is taken, by the first attempt).
     */
    private SetupResult parallel(String what, int n, Item item, boolean progress) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong retried = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] latencies = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[n / clients + 2];
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                int mine = 0;
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    for (int attempt = 1; ; attempt++) {
                        try {
                            item.create(http, i);
                            break;
                        } catch (ServerUnderTest.HttpFailure e) {
                            firstError.compareAndSet(null, e.getMessage());
                            if (attempt > 1 && e.status == 409) {
                                break; // recorded by an earlier attempt
                            }
                            if (attempt >= 4 || e.status / 100 == 4 && e.status != 409 && e.status != 429) {
                                failed.incrementAndGet();
                                break;
                            }
                            retried.incrementAndGet();
                        } catch (Exception e) {
                            firstError.compareAndSet(null, String.valueOf(e));
                            if (attempt >= 4) {
                                failed.incrementAndGet();
                                break;
                            }
                            retried.incrementAndGet();
                        }
                        try {
                            Thread.sleep(200L * attempt);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (mine < latencies[client].length) {
                        latencies[client][mine++] = System.nanoTime() - t0;
                    }
                    done.incrementAndGet();
                }
                latencies[client] = java.util.Arrays.copyOf(latencies[client], mine);
            }, "setup-" + what + "-" + c);
            threads.add(thread);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        long lastPrint = start;
        int lastDone = 0;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(1000);
                long now = System.nanoTime();
                if (progress && now - lastPrint >= 10_000_000_000L) {
                    int d = done.get();
                    System.out.printf("  %s: %,d of %,d after %.0f s (%,.0f/s in the last %.0f s)%n", what, d, n,
                            (now - start) / 1e9, (d - lastDone) / ((now - lastPrint) / 1e9), (now - lastPrint) / 1e9);
                    lastPrint = now;
                    lastDone = d;
                }
            }
        }
        long[] all = java.util.Arrays.stream(latencies).flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        if (failed.get() > 0 && !progress) {
            throw new IllegalStateException(failed.get() + " " + what + " could not be created: " + firstError.get());
        }
        return new SetupResult(percentile(all, 0.5), percentile(all, 0.99), retried.get(), failed.get(),
                firstError.get());
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    // ---- an advance and its wait -------------------------------------------------------------------

    /** What one advance took. */
    static final class Phase {
        String name;
        int renewals;
        int finalizations;
        double advanceRequestSeconds;
        double renewedSeconds = Double.NaN;
        double finalizedSeconds = Double.NaN;
        double readySeconds = Double.NaN;
        int paid;
        double paidSeconds = Double.NaN;
        boolean timedOut;
        CpuMeter.Usage cpu;
        CpuMeter.Usage renewalCpu;
        CpuMeter.Usage finalizationCpu;

        String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%s: %,d renewals + %,d finalizations", name, renewals, finalizations));
            if (timedOut) {
                out.append(String.format(" — NOT DONE after %.0f s (gave up)", finalizedSeconds));
            }
            out.append(String.format("%n      advance request answered after %.2f s", advanceRequestSeconds));
            if (renewals > 0) {
                out.append(String.format("%n      all renewals (with their drafts) committed after %.1f s: %,.0f renewals/s",
                        renewedSeconds, renewals / renewedSeconds));
            }
            double finalizeTime = renewals > 0 ? finalizedSeconds - renewedSeconds : finalizedSeconds;
            out.append(String.format("%n      all invoices finalized after %.1f s: %,.0f finalizations/s%s",
                    finalizedSeconds, finalizations / finalizeTime,
                    renewals > 0 ? String.format(" (in the %.1f s after the last renewal)", finalizeTime) : ""));
            out.append(String.format("%n      all %,d invoices charged and paid (PaymentSucceeded, InvoicePaid; the "
                    + "payment saga works beside the finalizations) after %.1f s: %,.0f payments/s over the phase",
                    paid, paidSeconds, paid / paidSeconds));
            out.append(String.format("%n      test clock ready (GET /v1/test-clocks/{id}) after %.1f s", readySeconds));
            out.append(String.format("%n      overall %,.0f scheduler items/s (renewals + finalizations)",
                    (renewals + finalizations) / finalizedSeconds));
            if (renewalCpu != null) {
                out.append("\n      renewals:      ").append(renewalCpu.describe(renewals).replace("record", "renewal"));
            }
            if (finalizationCpu != null) {
                out.append("\n      finalizations: ")
                        .append(finalizationCpu.describe(finalizations).replace("record", "finalization"));
            }
            if (cpu != null) {
                out.append("\n      whole phase:   ").append(cpu.describe(0));
            }
            return out.toString();
        }
    }

    /**
     * Advances the clock to {@code to} and waits until nothing is due on it up to {@code to}
     * ({@code renewals} period ends and {@code finalizations} drafts expected), and until the
     * clock answers {@code ready}. Polls the scheduler's own tables (exact: an item leaves them in
     * the transaction that does it) every 250 ms, prints progress every 5 s.
     */
    private Phase advanceAndWait(ServerUnderTest server, Connection db, CpuMeter meter, String clock, Instant to,
                                 int renewals, int finalizations, long paidInAll, String name) throws Exception {
        Phase phase = new Phase();
        phase.name = name;
        phase.paid = finalizations;
        phase.renewals = renewals;
        phase.finalizations = finalizations;
        System.out.printf("%s: advancing the clock to %s (%,d renewals and %,d finalizations due) …%n", name, to,
                renewals, finalizations);
        CpuMeter.Snapshot cpu0 = meter.snapshot();
        CpuMeter.Snapshot cpuRenewed = null;
        long t0 = System.nanoTime();
        JsonNode answer = server.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + to + "\"}");
        phase.advanceRequestSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  advance answered after %.2f s: status %s%n", phase.advanceRequestSeconds,
                answer.path("data").path("status").asText());
        Timestamp until = Timestamp.from(to);
        long deadline = t0 + maxWaitSeconds * 1_000_000_000L;
        long lastPrint = t0;
        long lastRenewed = 0;
        long lastFinalized = 0;
        CpuMeter.Snapshot cpuLast = cpu0;
        try (PreparedStatement dueRenewals = db.prepareStatement(
                "SELECT count(*) FROM subscription_schedule WHERE test_clock_id = ? AND due_at <= ?");
             PreparedStatement dueFinalizations = db.prepareStatement(
                     "SELECT count(*) FROM invoice_finalizations WHERE test_clock_id = ? AND finalize_at <= ?")) {
            dueRenewals.setString(1, clock);
            dueRenewals.setTimestamp(2, until);
            dueFinalizations.setString(1, clock);
            dueFinalizations.setTimestamp(2, until);
            while (true) {
                long leftRenewals = single(dueRenewals);
                long leftFinalizations = single(dueFinalizations);
                long now = System.nanoTime();
                double elapsed = (now - t0) / 1e9;
                if (leftRenewals == 0 && Double.isNaN(phase.renewedSeconds)) {
                    phase.renewedSeconds = elapsed;
                    cpuRenewed = meter.snapshot();
                }
                if (leftRenewals == 0 && leftFinalizations == 0) {
                    phase.finalizedSeconds = elapsed;
                    break;
                }
                if (now > deadline) {
                    phase.timedOut = true;
                    phase.finalizedSeconds = elapsed;
                    System.out.printf("  gave up after %.0f s: %,d renewals and %,d finalizations still due%n", elapsed,
                            leftRenewals, leftFinalizations);
                    break;
                }
                if (now - lastPrint >= 5_000_000_000L) {
                    server.requireAlive("during " + name);
                    long renewed = renewals - leftRenewals;
                    // finalized so far = expected ones that were due minus those still due (drafts appear as renewals go)
                    // (two reads, not one snapshot: a renewal committing between them can make this 1 off, so clamp at 0)
                    long finalized = Math.max(0, finalizations - leftFinalizations - (renewals > 0 ? leftRenewals : 0));
                    CpuMeter.Snapshot cpuNow = meter.snapshot();
                    CpuMeter.Usage window = CpuMeter.between(cpuLast, cpuNow);
                    System.out.printf("  %5.0f s: renewed %,d (%,.0f/s), finalized %,d (%,.0f/s); CPU server %.2f, "
                                    + "postgres %.2f, other processes %.2f%n", elapsed, renewed,
                            (renewed - lastRenewed) / ((now - lastPrint) / 1e9), finalized,
                            (finalized - lastFinalized) / ((now - lastPrint) / 1e9),
                            window.server() / window.wallSeconds(), window.postgres() / window.wallSeconds(),
                            window.otherProcesses() / window.wallSeconds());
                    lastPrint = now;
                    lastRenewed = renewed;
                    lastFinalized = finalized;
                    cpuLast = cpuNow;
                }
                Thread.sleep(250);
            }
        }
        // every finalized invoice is charged by the payment saga: wait until all of them are paid
        while (!phase.timedOut) {
            long paid = countEvents(db, INVOICE_PAID);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (paid >= paidInAll) {
                phase.paidSeconds = elapsed;
                break;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("  gave up after %.0f s: %,d of %,d invoices paid%n", elapsed, paid, paidInAll);
                phase.timedOut = true;
                break;
            }
            Thread.sleep(250);
        }
        CpuMeter.Snapshot cpuFinalized = meter.snapshot();
        phase.cpu = CpuMeter.between(cpu0, cpuFinalized);
        if (renewals > 0 && cpuRenewed != null) {
            phase.renewalCpu = CpuMeter.between(cpu0, cpuRenewed);
            phase.finalizationCpu = CpuMeter.between(cpuRenewed, cpuFinalized);
        } else {
            phase.finalizationCpu = phase.cpu;
        }
        // the clock's own status, from its read model (the scheduler completes the advance after the last item)
        while (true) {
            String status = server.get("/v1/test-clocks/" + clock).path("data").path("status").asText();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if ("ready".equalsIgnoreCase(status)) {
                phase.readySeconds = elapsed;
                break;
            }
            if (System.nanoTime() > deadline + 60_000_000_000L) {
                System.out.printf("  the clock still says %s after %.0f s%n", status, elapsed);
                break;
            }
            Thread.sleep(100);
        }
        System.out.println(phase.describe());
        return phase;
    }

    // ---- checks ------------------------------------------------------------------------------------

    private String verify(Connection db, ServerUnderTest server, String clock, Instant target) throws Exception {
        long n = subscriptions;
        Map<String, Long> events = new LinkedHashMap<>();
        try (PreparedStatement statement = db.prepareStatement("SELECT payload_type, count(*), "
                + "count(DISTINCT aggregate_identifier) FROM domain_event_entry WHERE payload_type IN (?, ?, ?, ?) "
                + "GROUP BY payload_type")) {
            statement.setString(1, SUBSCRIPTION_CREATED);
            statement.setString(2, SUBSCRIPTION_RENEWED);
            statement.setString(3, INVOICE_DRAFTED);
            statement.setString(4, INVOICE_FINALIZED);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    events.put(rs.getString(1), rs.getLong(2));
                    events.put(rs.getString(1) + "#aggregates", rs.getLong(3));
                }
            }
        }
        long created = events.getOrDefault(SUBSCRIPTION_CREATED, 0L);
        long renewed = events.getOrDefault(SUBSCRIPTION_RENEWED, 0L);
        long renewedSubscriptions = events.getOrDefault(SUBSCRIPTION_RENEWED + "#aggregates", 0L);
        long drafted = events.getOrDefault(INVOICE_DRAFTED, 0L);
        long finalized = events.getOrDefault(INVOICE_FINALIZED, 0L);
        long finalizedInvoices = events.getOrDefault(INVOICE_FINALIZED + "#aggregates", 0L);

        long numbers;
        long distinctNumbers;
        long maxNumber;
        long minNumber;
        long years;
        try (PreparedStatement statement = db.prepareStatement("""
                WITH f AS (SELECT convert_from(payload, 'UTF8')::jsonb ->> 'number' AS number
                           FROM domain_event_entry WHERE payload_type = ?)
                SELECT count(number), count(DISTINCT number),
                       coalesce(max(substring(number FROM '[0-9]+$')::bigint), 0),
                       coalesce(min(substring(number FROM '[0-9]+$')::bigint), 0),
                       count(DISTINCT substring(number FROM '^INV-([0-9]+)-'))
                FROM f""")) {
            statement.setString(1, INVOICE_FINALIZED);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                numbers = rs.getLong(1);
                distinctNumbers = rs.getLong(2);
                maxNumber = rs.getLong(3);
                minNumber = rs.getLong(4);
                years = rs.getLong(5);
            }
        }
        Map<String, Long> reasons = new LinkedHashMap<>();
        try (PreparedStatement statement = db.prepareStatement("SELECT convert_from(payload, 'UTF8')::jsonb ->> "
                + "'reason', count(*) FROM domain_event_entry WHERE payload_type = ? GROUP BY 1 ORDER BY 1")) {
            statement.setString(1, INVOICE_DRAFTED);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reasons.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        long stillDue = count(db, "SELECT count(*) FROM subscription_schedule WHERE test_clock_id = ? AND due_at <= ?",
                clock, Timestamp.from(target))
                + count(db, "SELECT count(*) FROM invoice_finalizations WHERE test_clock_id = ? AND finalize_at <= ?",
                clock, Timestamp.from(target));
        long failedAttempts = count(db, "SELECT count(*) FROM subscription_schedule WHERE attempts > 0")
                + count(db, "SELECT count(*) FROM invoice_finalizations WHERE attempts > 0");
        String status = server.get("/v1/test-clocks/" + clock).path("data").path("status").asText();
        long errorLines = server.logLinesContaining(" ERROR ");
        long paymentsSucceeded = countEvents(db, PAYMENT_SUCCEEDED);
        long paymentsFailed = countEvents(db, PAYMENT_FAILED);
        long invoicesPaid = countEvents(db, INVOICE_PAID);
        long paidOutOfBand = count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type = ? AND "
                + "(convert_from(payload, 'UTF8')::jsonb ->> 'paidOutOfBand')::boolean", INVOICE_PAID);

        boolean ok = created == n && renewed == n && renewedSubscriptions == n && drafted == 2 * n
                && finalized == 2 * n && finalizedInvoices == 2 * n && numbers == 2 * n && distinctNumbers == 2 * n
                && minNumber == 1 && maxNumber == 2 * n && years == 1 && stillDue == 0
                && "ready".equalsIgnoreCase(status)
                && paymentsSucceeded == 2 * n && invoicesPaid == 2 * n && paymentsFailed == 0 && paidOutOfBand == 0;
        String result = String.format("%s: %,d SubscriptionCreated (expected %,d), %,d SubscriptionRenewed on %,d "
                        + "subscriptions (expected %,d), %,d InvoiceDrafted (expected %,d; by reason %s), %,d "
                        + "InvoiceFinalized on %,d invoices (expected %,d); numbers: %,d, %,d distinct, %,d to %,d in %d "
                        + "year(s) (gapless: max = count = %,d %s); due items left %,d; items that needed a retry %,d; "
                        + "server log ERROR lines %,d; clock %s; payments: %,d PaymentSucceeded, %,d InvoicePaid "
                        + "(%,d out of band), %,d PaymentFailed (expected %,d, %,d, 0, 0)",
                ok ? "CORRECT" : "MISMATCH", created, n, renewed, renewedSubscriptions, n, drafted, 2 * n, reasons,
                finalized, finalizedInvoices, 2 * n, numbers, distinctNumbers, minNumber, maxNumber, years, 2 * n,
                maxNumber == 2 * n && distinctNumbers == maxNumber && minNumber == 1 ? "yes" : "NO", stillDue,
                failedAttempts, errorLines, status, paymentsSucceeded, invoicesPaid, paidOutOfBand, paymentsFailed,
                2 * n, 2 * n);
        System.out.println("check: " + result);
        return result;
    }

    private static long countEvents(Connection db, String payloadType) throws SQLException {
        return count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type = ?", payloadType);
    }

    private static long count(Connection db, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return single(statement);
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- the report ----------------------------------------------------------------------------------

    private static final class Report {
        String setup;
        CpuMeter.Usage setupCpuTotal;
        Phase prefinalize;
        Phase billingRun;
        String checks;
    }

    private Report lastReport;
    private double readySeconds = Double.NaN;

    private int print(Report report, double totalSeconds) {
        lastReport = report;
        System.out.println();
        System.out.println("== results ==");
        System.out.println("set-up (not part of the billing run): " + report.setup);
        if (report.prefinalize != null) {
            System.out.println(report.prefinalize.describe());
        }
        Phase run = report.billingRun;
        System.out.println(run.describe());
        System.out.println(report.checks);
        boolean correct = report.checks.startsWith("CORRECT");
        double seconds = run.timedOut ? Double.NaN : run.finalizedSeconds;
        double ready = Math.max(Math.max(seconds, run.paidSeconds), run.readySeconds);
        readySeconds = ready;
        if (subscriptions >= 100_000) {
            System.out.printf("target: %,d subscriptions renewed and finalized in <= %.0f s: %s (%.1f s to the last "
                            + "finalization, %.1f s to a ready clock)%n", subscriptions, TARGET_SECONDS_AT_100K,
                    ready <= TARGET_SECONDS_AT_100K * subscriptions / 100_000.0 ? "MET" : "NOT MET", seconds, ready);
        } else {
            System.out.printf("target (100,000 in <= %.0f s) not measured at this size; EXTRAPOLATION, linear in N "
                            + "(optimistic if a step grows with N): %.1f s x %.1f = %.0f s for 100,000, %s%n",
                    TARGET_SECONDS_AT_100K, ready, 100_000.0 / subscriptions, ready * 100_000.0 / subscriptions,
                    ready * 100_000.0 / subscriptions <= TARGET_SECONDS_AT_100K ? "would meet it" : "would miss it");
        }
        System.out.printf("total run time %.0f s%n", totalSeconds);
        return correct && !run.timedOut ? 0 : 1;
    }
}
