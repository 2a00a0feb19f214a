package io.billing.ledger.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line of the benchmark; every option has a default, so no option is needed. */
record Options(String databaseUrl,
               boolean databaseUrlGiven,
               int clients,
               int singleClients,
               int jdbcThreads,
               int warmupSeconds,
               int seconds,
               int batchSize,
               int subscriptions,
               Path serverJar,
               List<String> serverJavaOptions,
               boolean keepDatabase) {

    static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://localhost:5432/postgres?user=postgres";

    static final String USAGE = """
            java -jar bench/target/billing-bench.jar [options]
              --database-url URL      an admin JDBC URL of a PostgreSQL (a fresh database is created on it and
                                      dropped at the end); default %s, and if
                                      nothing answers there, an embedded PostgreSQL (zonky)
              --clients N             concurrent clients of POST /v1/usage/batch, and JDBC threads (default 4)
              --single-clients N      concurrent clients of POST /v1/usage (default: --clients)
              --jdbc-threads N        threads of the raw JDBC baseline (default: --clients)
              --warmup-seconds N      warm-up of each phase, not measured (default 5)
              --seconds N             measured time of each phase (default 20)
              --batch-size N          records per batch request and rows per JDBC batch (default 1000, max 1000)
              --subscriptions N       metered subscriptions the records are spread over (default 8)
              --server-jar PATH       default server/target/billing-ledger-server.jar (found from the working
                                      directory or from this jar's location)
              --server-java-opts "…"  JVM options of the server process (default "-Xms1g -Xmx1g")
              --keep-database         do not drop the benchmark's database at the end
            """.formatted(DEFAULT_DATABASE_URL);

    static Options parse(String[] args) {
        String databaseUrl = DEFAULT_DATABASE_URL;
        boolean databaseUrlGiven = false;
        int clients = 4;
        Integer singleClients = null;
        Integer jdbcThreads = null;
        int warmup = 5;
        int seconds = 20;
        int batchSize = 1000;
        int subscriptions = 8;
        Path serverJar = null;
        String serverJavaOptions = "-Xms1g -Xmx1g";
        boolean keep = false;
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
                case "--keep-database" -> keep = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--database-url" -> {
                            databaseUrl = value;
                            databaseUrlGiven = true;
                        }
                        case "--clients" -> clients = positive(arg, value, 256);
                        case "--single-clients" -> singleClients = positive(arg, value, 256);
                        case "--jdbc-threads" -> jdbcThreads = positive(arg, value, 256);
                        case "--warmup-seconds" -> warmup = positive(arg, value, 600);
                        case "--seconds" -> seconds = positive(arg, value, 600);
                        case "--batch-size" -> batchSize = positive(arg, value, 1000);
                        case "--subscriptions" -> subscriptions = positive(arg, value, 1000);
                        case "--server-jar" -> serverJar = Path.of(value);
                        case "--server-java-opts" -> serverJavaOptions = value;
                        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                }
            }
        }
        if (!databaseUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--database-url must be jdbc:postgresql://host:port/database[?user=…]");
        }
        return new Options(databaseUrl, databaseUrlGiven, clients, singleClients == null ? clients : singleClients,
                jdbcThreads == null ? clients : jdbcThreads, warmup, seconds, batchSize, subscriptions,
                serverJar == null ? findServerJar() : serverJar,
                serverJavaOptions.isBlank() ? List.of() : List.of(serverJavaOptions.trim().split("\\s+")), keep);
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be an integer from 1 to " + max + ", not '" + value + "'");
    }

    /** server/target/billing-ledger-server.jar from the working directory, else beside this jar's module. */
    private static Path findServerJar() {
        Path relative = Path.of("server", "target", "billing-ledger-server.jar");
        if (Files.isRegularFile(relative)) {
            return relative.toAbsolutePath();
        }
        try {
            Path self = Path.of(UsageBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/billing-bench.jar -> <root>/server/target/billing-ledger-server.jar
            for (Path dir = self.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        } catch (Exception ignored) {
            // fall through to the relative path, reported when it is missing
        }
        return relative.toAbsolutePath();
    }
}
