package io.billing.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built server jar in a JVM of its own (as the e2e tests' ServerProcess does), on a free
 * loopback port, pointed at the benchmark's database, with an admin key chosen here and the
 * rate limit out of the way. Its output goes to a log file. Test mode is off unless a
 * benchmark's own properties (given last, so they win) turn it on.
 */
final class ServerUnderTest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final String adminKey;
    private final Path log;
    private final long launchedNanos;
    private volatile long firstHealthyNanos = -1;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServerUnderTest(Process process, int port, String adminKey, Path log, long launchedNanos) {
        this.launchedNanos = launchedNanos;
        this.process = process;
        this.port = port;
        this.adminKey = adminKey;
        this.log = log;
    }

    static ServerUnderTest start(Path jar, List<String> javaOptions, Map<String, String> properties,
                                 String databaseUrl, String adminKey, Path log)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No server jar at " + jar + ": build it first "
                    + "(./mvnw -q -pl bench -am package -DskipTests) or pass --server-jar");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of(
                "-Daxoniq.update-checker.disabled=true",
                "-Dbilling.database-url=" + databaseUrl,
                "-Dbilling.api-keys.bootstrap-key=" + adminKey,
                "-Dbilling.rate-limit.max-requests=100000000",
                "-Dbilling.test-mode.enabled=false",
                "-Dserver.address=127.0.0.1",
                "-Dserver.port=" + port));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("PORT");
        builder.environment().remove("BILLING_TEST_MODE");
        builder.environment().remove("INVOICE_FINALIZE_DELAY");
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        long launched = System.nanoTime();
        ServerUnderTest server = new ServerUnderTest(builder.start(), port, adminKey, log, launched);
        try {
            server.awaitReady(Duration.ofSeconds(600)); // a shared, busy machine starts it slowly
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Fails if the server process has ended (killed from outside, or crashed): nothing after it would be valid. */
    void requireAlive(String when) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the server process ended " + when + " (exit code " + process.exitValue()
                    + "; 143 = SIGTERM from outside, 137 = SIGKILL); see " + log);
        }
    }

    /** Seconds from launching the JVM to the first 200 on {@code /health} (to within the 25 ms poll). */
    double secondsToFirstHealthy() {
        return (firstHealthyNanos - launchedNanos) / 1e9;
    }

    /** The server process's resident set size now, from /proc (Linux), in bytes; -1 elsewhere. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException notLinux) {
            // fall through
        }
        return -1;
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A setup request (not measured): answers the JSON body, or fails on a status other than 2xx. */
    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(http, path, json);
    }

    /** The same on a client of the caller's (one keep-alive connection per setup thread). */
    JsonNode send(HttpClient client, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new HttpFailure(response.statusCode(), "POST " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new HttpFailure(response.statusCode(), "GET " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminKey);
    }

    /** Healthy and past its start-up runners (the bootstrap key is registered after the port opens). */
    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log + "\n" + tail());
            }
            try {
                HttpResponse<Void> health = http.send(request("/health").GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                HttpResponse<Void> plans = http.send(request("/v1/plans").GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200 && firstHealthyNanos < 0) {
                    firstHealthyNanos = System.nanoTime();
                }
                if (health.statusCode() == 200 && plans.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(25); // fine-grained: the footprint measure reads the start-up time from here
        }
        throw new IllegalStateException("the server did not become ready in " + timeout + "; see " + log + "\n"
                + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Lines of the server log that contain {@code needle}. */
    long logLinesContaining(String needle) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(needle)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    /** A non-2xx answer, with its status. */
    static final class HttpFailure extends IllegalStateException {
        final int status;

        HttpFailure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    /** SIGTERM (graceful shutdown), and SIGKILL if it has not ended in 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
