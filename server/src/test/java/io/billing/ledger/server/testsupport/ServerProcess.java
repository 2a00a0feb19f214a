package io.billing.ledger.server.testsupport;

import io.billing.ledger.server.BillingLedgerApplication;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server in a JVM of its own, on the test's class path, so that a test can kill it
 * the hard way (SIGKILL: no shutdown hooks, no graceful close) and start another.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServerProcess start(String databaseUrl, String adminKey, String name) throws IOException {
        return start(databaseUrl, adminKey, name, List.of(), Map.of());
    }

    /** {@code properties}: more {@code key=value} settings, after (so over) the defaults. */
    public static ServerProcess start(String databaseUrl, String adminKey, String name, String... properties)
            throws IOException {
        return start(databaseUrl, adminKey, name, java.util.Arrays.stream(properties).map(p -> "-D" + p).toList(),
                Map.of());
    }

    /** With more system properties ({@code -Dname=value}), e.g. a short webhook retry schedule. */
    public static ServerProcess start(String databaseUrl, String adminKey, String name, List<String> properties)
            throws IOException {
        return start(databaseUrl, adminKey, name, properties, Map.of());
    }

    /** As {@link #start(String, String, String)}, with environment variables of its own (e.g. {@code STRIPE_*}). */
    public static ServerProcess start(String databaseUrl, String adminKey, String name, Map<String, String> environment)
            throws IOException {
        return start(databaseUrl, adminKey, name, List.of(), environment);
    }

    public static ServerProcess start(String databaseUrl, String adminKey, String name, List<String> properties,
                                      Map<String, String> environment)
            throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("target", "server-processes")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "-Daxoniq.update-checker.disabled=true",
                "-Dbilling.database-url=" + databaseUrl,
                "-Dbilling.api-keys.bootstrap-key=" + adminKey,
                "-Dbilling.scheduler.poll-interval=PT0.1S",
                "-Dbilling.test-mode.enabled=true",
                "-Dbilling.rate-limit.max-requests=1000000",
                "-Dbilling.dunning.enabled=false", // as EndToEndTest: customers here have no card
                "-Dserver.port=" + port));
        command.addAll(properties);
        command.add(BillingLedgerApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("DATABASE_URL");
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(builder.start(), port, log);
        // a node without the api role (BILLING_ROLES) serves only /health, /health/ready and /metrics
        String roles = environment.getOrDefault("BILLING_ROLES", "api");
        server.awaitReady(adminKey, Duration.ofSeconds(300), List.of(roles.split(",")).contains("api"));
        return server;
    }

    public int port() {
        return port;
    }

    /** What the server wrote to stdout and stderr, one file per process. */
    public Path log() {
        return log;
    }

    /** SIGKILL: the JVM stops mid-instruction, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as an orchestrator stops a node: Spring's graceful shutdown runs. Waits (bounded) for
     * the JVM to exit and returns its exit code.
     */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the server did not stop within " + within + " of SIGTERM; see "
                    + log.toAbsolutePath());
        }
        return process.exitValue();
    }

    /** The JVM's process id: Axon's token owner on this node is {@code pid@host}. */
    public long pid() {
        return process.pid();
    }

    /** Healthy and past its start-up runners (the bootstrap key is registered after the port opens). */
    private void awaitReady(String adminKey, Duration timeout, boolean servesApi) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Api api = new Api(port, adminKey);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log.toAbsolutePath()
                        + "\n" + tail());
            }
            try {
                if (api.get("/health").status() == 200 && (!servesApi || api.get("/v1/plans").status() == 200)) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not become healthy in " + timeout + "\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
