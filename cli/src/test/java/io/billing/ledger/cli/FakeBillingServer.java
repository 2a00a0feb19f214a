package io.billing.ledger.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the billing server: answers canned JSON per "METHOD /path" and records every
 * request, so tests can assert what the CLI actually put on the wire.
 */
final class FakeBillingServer implements AutoCloseable {

    record RecordedRequest(String method, String path, String query, Headers headers, String body) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> answersInTurn = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    FakeBillingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String method, String path, int status, String body) {
        answer(method, path, status, body, Map.of());
    }

    void answer(String method, String path, int status, String body, Map<String, String> headers) {
        answers.put(method + " " + path, new Answer(status, body, headers));
    }

    /** One answer per request, in order; the last one repeats (e.g. a test clock advancing, then ready). */
    void answerInTurn(String method, String path, int status, String... bodies) {
        Queue<Answer> queue = new ConcurrentLinkedQueue<>();
        for (String body : bodies) {
            queue.add(new Answer(status, body, Map.of()));
        }
        answersInTurn.put(method + " " + path, queue);
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    RecordedRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests);
        }
        return requests.get(0);
    }

    void reset() {
        answers.clear();
        answersInTurn.clear();
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body));
        String key = exchange.getRequestMethod() + " " + path;
        Queue<Answer> inTurn = answersInTurn.get(key);
        Answer answer = inTurn != null
                ? (inTurn.size() > 1 ? inTurn.poll() : inTurn.peek())
                : answers.getOrDefault(key, new Answer(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":"
                        + "\"no fake answer for " + path + "\"}}", Map.of()));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (!answer.headers().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
