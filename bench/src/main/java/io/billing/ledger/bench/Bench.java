package io.billing.ledger.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command (issue 15): {@code java -jar bench/target/billing-bench.jar <measure>… | all [options]}.
 * Each measure runs against the server jar on a fresh database, measures the machine's own
 * baseline in the same run where it has one, prints its CPU accounting, and ends with one
 * {@link Result} line. A measure whose window other processes disturbed is run again (up to
 * {@code --attempts}); if every attempt was disturbed it is reported as unmeasured, never as a
 * figure. The exit code is 0 only when every measure was measured and met its target.
 */
public final class Bench {

    /** The measures, in the order {@code all} runs them (the long billing run last). */
    static final Map<String, String> MEASURES = new LinkedHashMap<>();

    static {
        MEASURES.put("usage-single", "POST /v1/usage, one record a request, 8 clients, against one-row INSERT "
                + "transactions/s (8 threads); target ratio >= 0.6");
        MEASURES.put("subscriptions", "POST /v1/subscriptions (first invoice drafted), 16 clients, against one-row "
                + "INSERT transactions/s; target ratio >= 0.25 and >= 500/s");
        MEASURES.put("usage-batch", "POST /v1/usage/batch, 1,000 records a request, 4 clients, against batched INSERT "
                + "rows/s; target ratio >= 0.5 and the usage summary never more than 5 s behind");
        MEASURES.put("latency", "open model at a constant rate, 30 s each: GET /v1/subscriptions/{id} at 1,000 req/s "
                + "(p99 <= 20 ms), POST /v1/usage at 300 req/s (p99 <= 50 ms); two lines, latency-get and latency-usage");
        MEASURES.put("footprint", "seconds from JVM start to the first 200 on /health (<= 8 s), and the server's RSS "
                + "after a usage-single load (<= 600 MB); two lines, footprint-startup and footprint-rss");
        MEASURES.put("billing-run", "100,000 subscriptions on one test clock advanced one month: renewed, invoiced, "
                + "finalized and charged through the simulated processor; target <= 120 s");
    }

    static final String USAGE = """
            java -jar bench/target/billing-bench.jar <measure>… | all [options]
            measures:
            %s
            options (all optional):
            replay (alone, with its own options: replay --help): a full replay of every projection (issue 14)
              --attempts N                     runs of a measure whose window was disturbed by other processes (default 3)
              --billing-run-subscriptions N    subscriptions of billing-run (default 100000)
              --database-url, --server-jar, --server-java-opts, --warmup-seconds, --seconds, --keep-database
                                               as for the usage benchmark (docs/benchmarks.md)
            """;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && args[0].equals("replay")) { // issue 14's replay measure, with options of its own
            ReplayBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        List<String> measures = new ArrayList<>();
        List<String> options = new ArrayList<>();
        int attempts = 3;
        String billingRunSubscriptions = "100000";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                return;
            } else if (arg.equals("--attempts") && i + 1 < args.length) {
                attempts = Integer.parseInt(args[++i]);
            } else if (arg.equals("--billing-run-subscriptions") && i + 1 < args.length) {
                billingRunSubscriptions = args[++i];
            } else if (arg.startsWith("--")) {
                options.add(arg);
                if (!arg.equals("--keep-database") && !arg.contains("=") && i + 1 < args.length) {
                    options.add(args[++i]);
                }
            } else if (arg.equals("all")) {
                measures.addAll(MEASURES.keySet());
            } else if (MEASURES.containsKey(arg)) {
                measures.add(arg);
            } else {
                System.err.println("unknown measure '" + arg + "'\n" + usage());
                System.exit(2);
            }
        }
        if (measures.isEmpty()) {
            System.err.println(usage());
            System.exit(2);
        }
        Options common;
        try {
            common = Options.parse(options.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("== billing-ledger benchmarks: " + String.join(", ", measures) + " ==");
        System.out.println("machine: " + Machine.describe());
        List<Result> all = new ArrayList<>();
        for (String measure : measures) {
            List<Result> results = List.of();
            for (int attempt = 1; attempt <= attempts; attempt++) {
                System.out.println();
                System.out.println("== " + measure + " (attempt " + attempt + " of at most " + attempts + ") ==");
                results = run(measure, common, options, billingRunSubscriptions);
                results.forEach(result -> System.out.println(result.line()));
                if (results.stream().noneMatch(result -> result.disturbed() != null)) {
                    break;
                }
                System.out.println("the window was disturbed by other processes: not a measurement, run again");
            }
            all.addAll(results);
        }
        System.out.println();
        System.out.println("== summary ==");
        all.forEach(result -> System.out.println(result.line()));
        boolean allMet = all.stream().allMatch(result -> result.disturbed() == null && result.met());
        System.exit(allMet ? 0 : 1);
    }

    private static List<Result> run(String measure, Options common, List<String> options, String billingRunSubscriptions)
            throws Exception {
        return switch (measure) {
            case "usage-single" -> List.of(new Measures(common).usageSingle());
            case "subscriptions" -> List.of(new Measures(common).subscriptions());
            case "usage-batch" -> List.of(new Measures(common).usageBatch());
            case "latency" -> new Measures(common).latency();
            case "footprint" -> new Measures(common).footprint();
            case "billing-run" -> {
                // the billing run takes the database, the jar and the server's JVM options; not the windows
                List<String> args = new ArrayList<>();
                for (int i = 0; i < options.size(); i++) {
                    String option = options.get(i).split("=", 2)[0];
                    boolean takesValue = !options.get(i).contains("=") && !option.equals("--keep-database");
                    if (List.of("--database-url", "--server-jar", "--server-java-opts", "--keep-database").contains(option)) {
                        args.add(options.get(i));
                        if (takesValue) {
                            args.add(options.get(i + 1));
                        }
                    }
                    if (takesValue) {
                        i++;
                    }
                }
                args.add("--subscriptions");
                args.add(billingRunSubscriptions);
                yield List.of(BillingRunBenchmark.measure(args.toArray(String[]::new)));
            }
            default -> throw new IllegalArgumentException(measure);
        };
    }

    private static String usage() {
        StringBuilder list = new StringBuilder();
        MEASURES.forEach((id, what) -> list.append(String.format("  %-14s %s%n", id, what)));
        return USAGE.formatted(list.toString().stripTrailing());
    }
}
