package io.billing.ledger.server.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful fake of Stripe's HTTP API for tests (there is no stripe-mock here): the endpoints
 * our Stripe adapter calls, form-encoded in and Stripe's JSON out, with Stripe's idempotency
 * (the same {@code Idempotency-Key} replays the first status and body, 5xx included; with other
 * parameters it is a 400 {@code idempotency_error}), faults on demand (a 500, a hang past the
 * client's timeout, a dropped connection; before or after the request took effect), a count of
 * the charges it made, and signed webhooks (stripe-java's own
 * {@link Webhook.Signature#generateSignatureHeader}) carrying the API version stripe-java is pinned to.
 * <pre>
 * try (FakeStripe stripe = FakeStripe.start()) {
 *     // STRIPE_SECRET_KEY = stripe.apiKey(), STRIPE_API_BASE = stripe.baseUrl()
 *     stripe.hangNext(1, FakeStripe.When.AFTER_ACTING);   // charge, then never answer
 *     ... charge through the adapter ...
 *     assertThat(stripe.chargeCount()).isEqualTo(1);
 * }
 * </pre>
 * Served: {@code POST /v1/customers}, {@code GET|POST /v1/customers/{id}},
 * {@code POST /v1/payment_methods/{id}/attach}, {@code POST /v1/payment_intents},
 * {@code GET /v1/payment_intents/{id}}, {@code POST /v1/refunds}, {@code GET /v1/refunds?charge=}.
 */
public final class FakeStripe implements AutoCloseable {

    /** The secret key the fake accepts (any other is a 401). */
    public static final String API_KEY = "sk_test_fakestripe0123456789abcdef";

    /** Whether a fault strikes before the request takes effect (nothing happened) or after (it did). */
    public enum When { BEFORE_ACTING, AFTER_ACTING }

    private enum Kind { SERVER_ERROR, HANG, DROP }

    private record Fault(Kind kind, When when) {
    }

    /** One API request as the fake saw it, and what it answered (0: no answer, hung or dropped). */
    public record Request(String method, String path, String idempotencyKey, int status, boolean replayed) {
    }

    /** One webhook delivery and the endpoint's answer. */
    public record Delivery(String eventId, String type, int status, String body) {
    }

    private record Stored(String fingerprint, int status, String body) {
    }

    private static final Pattern CUSTOMER = Pattern.compile("^/v1/customers/([^/]+)$");
    private static final Pattern ATTACH = Pattern.compile("^/v1/payment_methods/([^/]+)/attach$");
    private static final Pattern INTENT = Pattern.compile("^/v1/payment_intents/([^/]+)$");

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("fake-stripe"));
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("fake-stripe-webhooks"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Object lock = new Object();
    private final FakeStripeState state;
    private final Map<String, Stored> idempotency = new HashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration hangFor = Duration.ofSeconds(5);
    private volatile URI endpoint;
    private volatile List<String> secrets = List.of();
    private volatile Set<String> enabledEvents = Set.of();

    private FakeStripe() throws IOException {
        state = new FakeStripeState(Clock.systemUTC(), this::emitted);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** A fresh fake on a free port of 127.0.0.1, with nothing in it. */
    public static FakeStripe start() {
        try {
            return new FakeStripe();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Stripe", e);
        }
    }

    /** What {@code STRIPE_API_BASE} should be: {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What {@code STRIPE_SECRET_KEY} should be. */
    public String apiKey() {
        return API_KEY;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        sender.shutdownNow();
    }

    // ---- faults ----

    /** The next {@code times} requests answer 500 {@code api_error} before anything happens (nothing is kept). */
    public void failNext(int times) {
        inject(Kind.SERVER_ERROR, When.BEFORE_ACTING, times);
    }

    /**
     * The next {@code times} requests answer 500: {@code AFTER_ACTING}, the request took effect and
     * its idempotency key keeps the 500, which a retry under that key gets again (as Stripe does).
     */
    public void failNext(int times, When when) {
        inject(Kind.SERVER_ERROR, when, times);
    }

    /** The next {@code times} requests get no answer for {@link #hangFor} (default 5 s), then the connection closes. */
    public void hangNext(int times, When when) {
        inject(Kind.HANG, when, times);
    }

    /** The next {@code times} requests have their connection closed without an answer. */
    public void dropNext(int times, When when) {
        inject(Kind.DROP, when, times);
    }

    /** How long a hung request waits before its connection closes: longer than the client's read timeout. */
    public void hangFor(Duration duration) {
        this.hangFor = Objects.requireNonNull(duration);
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    private void inject(Kind kind, When when, int times) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(new Fault(kind, when));
            }
        }
    }

    // ---- what happened ----

    /** PaymentIntents that charged (succeeded), however often their requests were retried or replayed. */
    public int chargeCount() {
        synchronized (lock) {
            return state.chargesMade();
        }
    }

    /** Every API request so far, in order of their answers. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests carried this idempotency key. */
    public long requestCount(String idempotencyKey) {
        return requests().stream().filter(request -> idempotencyKey.equals(request.idempotencyKey())).count();
    }

    /** The PaymentIntent as the fake holds it now. */
    public JsonNode paymentIntent(String id) {
        synchronized (lock) {
            return state.intent(id).orElseThrow(() -> new IllegalArgumentException("no PaymentIntent " + id));
        }
    }

    /** Closes the open dispute of a PaymentIntent ({@code pm_card_createDispute}): answers the dispute's id. */
    public String closeDispute(String paymentIntentId, boolean won) {
        synchronized (lock) {
            return state.closeDispute(paymentIntentId, won);
        }
    }

    // ---- events and webhooks ----

    /** Every event the fake produced, as the JSON Stripe would deliver, oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The newest event of a type. */
    public String lastEvent(String type) {
        List<String> all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (type.equals(StripeJson.read(all.get(i)).get("type").asText())) {
                return all.get(i);
            }
        }
        throw new IllegalStateException("no " + type + " event");
    }

    /** An event of any type around an object's JSON, with a fresh {@code evt_} id and the pinned API version. */
    public static String newEvent(String type, String objectJson) {
        return StripeJson.write(StripeJson.event(type, StripeJson.read(objectJson), Instant.now().getEpochSecond()));
    }

    /**
     * From now on every event the fake produces is delivered to {@code url}, in order, on a thread
     * of its own, signed with the first secret (as Stripe signs with each secret of an endpoint
     * while one is rolled, the header carries one v1 signature per secret). {@code enabledEvents}:
     * the types to send (none: all).
     */
    public void webhookEndpoint(URI url, List<String> signingSecrets, String... enabledEvents) {
        this.secrets = List.copyOf(signingSecrets);
        this.enabledEvents = Set.of(enabledEvents);
        this.endpoint = url;
    }

    /** Every automatic delivery so far. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Delivers an event now, signed with {@code secret} at {@code signedAt}. */
    public Delivery deliver(URI url, String eventJson, String secret, Instant signedAt) {
        return deliverWithHeader(url, eventJson, signature(eventJson, secret, signedAt));
    }

    /** Delivers an event now with the {@code Stripe-Signature} header given (null: none), e.g. a forged one. */
    public Delivery deliverWithHeader(URI url, String eventJson, String signatureHeader) {
        JsonNode event = StripeJson.read(eventJson);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Delivery(event.path("id").asText(), event.path("type").asText(), response.statusCode(),
                    response.body());
        } catch (IOException e) {
            return new Delivery(event.path("id").asText(), event.path("type").asText(), 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stripe's {@code Stripe-Signature} header: {@code t=<seconds>,v1=<HMAC-SHA256 of "t.payload">}. */
    public static String signature(String payload, String secret, Instant signedAt) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, signedAt.getEpochSecond());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void emitted(ObjectNode event) {
        String json = StripeJson.write(event);
        events.add(json);
        URI url = endpoint;
        String type = event.get("type").asText();
        if (url == null || !(enabledEvents.isEmpty() || enabledEvents.contains(type))) {
            return;
        }
        List<String> signing = secrets;
        sender.execute(() -> {
            Instant now = Instant.now();
            StringBuilder header = new StringBuilder();
            for (String secret : signing) {
                String one = signature(json, secret, now);
                header.append(header.isEmpty() ? one : one.substring(one.indexOf(',')));
            }
            deliveries.add(deliverWithHeader(url, json, header.toString()));
        });
    }

    // ---- the API ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, method, path, key, new FakeStripeState.Answer(401, StripeJson.error(
                        "invalid_request_error", null, "Invalid API Key provided")), false);
                return;
            }
            Fault fault;
            synchronized (faults) {
                fault = faults.poll();
            }
            if (fault != null && fault.when() == When.BEFORE_ACTING && fault.kind() != Kind.SERVER_ERROR) {
                unanswered(exchange, method, path, key, fault);
                return;
            }
            if (fault != null && fault.when() == When.BEFORE_ACTING) {
                answer(exchange, method, path, key, serverError(), false);
                return;
            }
            Map<String, String> form = FormBody.parse("GET".equals(method) ? exchange.getRequestURI().getRawQuery() : body);
            String fingerprint = method + " " + path + " " + form;
            FakeStripeState.Answer answer;
            boolean replayed = false;
            synchronized (lock) {
                Stored stored = key == null || !"POST".equals(method) ? null : idempotency.get(key);
                if (stored != null && !stored.fingerprint().equals(fingerprint)) {
                    answer = new FakeStripeState.Answer(400, StripeJson.error("idempotency_error", null,
                            "Keys for idempotent requests can only be used with the same parameters they were first "
                                    + "used with. Try using a key other than '" + key + "' if you meant to execute a "
                                    + "different request."));
                } else if (stored != null) {
                    answer = new FakeStripeState.Answer(stored.status(), (ObjectNode) StripeJson.read(stored.body()));
                    replayed = true;
                } else {
                    answer = act(method, path, form, exchange.getRequestURI().getRawQuery());
                    if (fault != null && fault.kind() == Kind.SERVER_ERROR) {
                        answer = serverError();
                    }
                    // Stripe keeps the result once the endpoint began executing: not for a refused parameter
                    if (key != null && "POST".equals(method) && (answer.status() < 400 || answer.status() == 402
                            || answer.status() >= 500)) {
                        idempotency.put(key, new Stored(fingerprint, answer.status(), StripeJson.write(answer.body())));
                    }
                }
            }
            if (fault != null && fault.kind() != Kind.SERVER_ERROR) {
                unanswered(exchange, method, path, key, fault);
                return;
            }
            answer(exchange, method, path, key, answer, replayed);
        }
    }

    private FakeStripeState.Answer act(String method, String path, Map<String, String> form, String query) {
        Matcher matcher;
        if ("POST".equals(method) && path.equals("/v1/customers")) {
            return state.createCustomer(form);
        }
        if ((matcher = CUSTOMER.matcher(path)).matches()) {
            return "POST".equals(method) ? state.updateCustomer(matcher.group(1), form)
                    : state.retrieveCustomer(matcher.group(1));
        }
        if ("POST".equals(method) && (matcher = ATTACH.matcher(path)).matches()) {
            return state.attachPaymentMethod(matcher.group(1), form);
        }
        if ("POST".equals(method) && path.equals("/v1/payment_intents")) {
            return state.createPaymentIntent(form, baseUrl());
        }
        if ("GET".equals(method) && (matcher = INTENT.matcher(path)).matches()) {
            return state.retrievePaymentIntent(matcher.group(1));
        }
        if ("POST".equals(method) && path.equals("/v1/refunds")) {
            return state.createRefund(form);
        }
        if ("GET".equals(method) && path.equals("/v1/refunds")) {
            return state.listRefunds(FormBody.parse(query));
        }
        return new FakeStripeState.Answer(404, StripeJson.error("invalid_request_error", null,
                "Unrecognized request URL (" + method + ": " + path + ")."));
    }

    private static FakeStripeState.Answer serverError() {
        return new FakeStripeState.Answer(500, StripeJson.error("api_error", null,
                "An unknown error occurred (injected by the fake)."));
    }

    private void answer(HttpExchange exchange, String method, String path, String key, FakeStripeState.Answer answer,
                        boolean replayed) throws IOException {
        byte[] bytes = StripeJson.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", StripeJson.id("req"));
        if (key != null) {
            exchange.getResponseHeaders().set("Idempotency-Key", key);
        }
        if (replayed) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        requests.add(new Request(method, path, key, answer.status(), replayed));
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Closing an exchange whose headers were never sent closes its connection: the client gets no answer. */
    private void unanswered(HttpExchange exchange, String method, String path, String key, Fault fault) {
        requests.add(new Request(method, path, key, 0, false));
        if (fault.kind() == Kind.HANG) {
            try {
                Thread.sleep(hangFor.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits (bounded) until the automatic deliveries queued so far have been sent. */
    public void awaitDeliveries() {
        try {
            sender.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("webhook deliveries did not finish", e);
        }
    }
}
