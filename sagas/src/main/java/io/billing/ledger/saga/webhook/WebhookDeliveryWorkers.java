package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.webhook.DisableWebhookEndpoint;
import io.billing.ledger.api.webhook.SealedSecrets;
import io.billing.ledger.api.webhook.WebhookTargets;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sends the queued deliveries: a dispatcher claims due rows for a bounded pool of workers
 * ({@code WEBHOOK_WORKERS}), never more at once per endpoint than
 * {@code WEBHOOK_ENDPOINT_CONCURRENCY} (on this node), so a slow or dead endpoint occupies at
 * most that many workers and never holds back the others or the outbox.
 * <p>
 * Per attempt: a 2xx within the timeout delivers; a 410 fails the delivery and disables the
 * endpoint; anything else retries after the next wait of the schedule (at least Retry-After on
 * 429 and 503) until the schedule is used up, then fails. An endpoint that has failed every
 * attempt for {@code WEBHOOK_DISABLE_AFTER} is disabled. Nothing here logs a secret or a body.
 */
@Component
public class WebhookDeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorkers.class);
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:webhook-delivery");
    /** How long a row waits when the read side has not reached its event yet (not an attempt). */
    private static final Duration NOT_RENDERABLE_YET = Duration.ofSeconds(2);

    private final WebhookDeliveryLog deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookPayloads payloads;
    private final WebhookSender sender;
    private final SealedSecrets secrets;
    private final CommandGateway commands;
    private final WebhookSettings settings;
    private final Clock clock;

    private final Semaphore freeWorkers;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private final boolean production;
    private final RetrySchedule schedule;
    private volatile boolean running;
    private boolean claimFailing;
    private ExecutorService pool;
    private Thread dispatcher;

    public WebhookDeliveryWorkers(WebhookDeliveryLog deliveries, WebhookEndpoints endpoints, WebhookPayloads payloads,
                                  WebhookSender sender, SealedSecrets secrets, CommandGateway commands,
                                  WebhookSettings settings, Clock clock,
                                  // @Value, not a record: NODE_ENV is one shared key, bound and validated once
                                  // by the server's DeploymentSettings, which this module may not see
                                  @Value("${billing.node-env:development}") String nodeEnv) {
        this.production = "production".equals(nodeEnv);
        this.schedule = settings.schedule();
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.payloads = payloads;
        this.sender = sender;
        this.secrets = secrets;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.freeWorkers = new Semaphore(settings.workers());
    }

    @Override
    public synchronized void start() {
        if (!settings.deliveryEnabled() || running) {
            return;
        }
        running = true;
        AtomicInteger next = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread thread = new Thread(task, "webhook-delivery-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * On shutdown (SIGTERM): claims nothing more and lets the attempts in flight finish (each is
     * bounded by the delivery timeout), so their outcome is recorded and their lease freed, rather
     * than left to lapse before another node may retry them. What is still running after that
     * bound is interrupted; its lease lapses and another node delivers it again (at least once).
     */
    @Override
    public synchronized void stop() {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(Math.min(settings.deliveryTimeoutMs() + 1000, 15_000), TimeUnit.MILLISECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Ask the dispatcher to look for due work now (after a redelivery or a replay). */
    public void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void dispatch() {
        while (running) {
            int claimedCount = 0;
            try {
                claimedCount = dispatchOnce();
                if (claimFailing) {
                    claimFailing = false;
                    log.info("Webhook dispatcher claims deliveries again");
                }
            } catch (RuntimeException e) {
                // once per outage, not once per poll
                if (!claimFailing) {
                    claimFailing = true;
                    log.warn("Webhook dispatcher cannot claim deliveries (database away?); it keeps trying: {}",
                            e.getMessage());
                }
            }
            if (claimedCount == 0) {
                try {
                    synchronized (wakeUp) {
                        wakeUp.wait(settings.pollInterval().toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private int dispatchOnce() {
        int free = freeWorkers.availablePermits();
        if (free == 0) {
            return 0;
        }
        Set<String> saturated = inFlight.entrySet().stream()
                .filter(entry -> entry.getValue().get() >= settings.perEndpointConcurrency())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        // the lease covers rendering (a bounded read-model wait) and the bounded HTTP exchange; should it lapse
        // anyway, the late outcome is not recorded and the delivery is sent again: a duplicate, never a loss
        List<WebhookDeliveryLog.Claimed> claimed = deliveries.claim(free, saturated,
                settings.timeout().plus(Duration.ofSeconds(15)));
        int started = 0;
        for (WebhookDeliveryLog.Claimed delivery : claimed) {
            AtomicInteger count = inFlight.computeIfAbsent(delivery.endpointId(), id -> new AtomicInteger());
            if (count.incrementAndGet() > settings.perEndpointConcurrency() || !freeWorkers.tryAcquire()) {
                count.decrementAndGet();
                deliveries.release(delivery, clock.instant());
                continue;
            }
            started++;
            pool.execute(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    log.error("Webhook delivery {} failed unexpectedly; its claim lapses and it is tried again",
                            delivery.id(), e);
                } finally {
                    count.decrementAndGet();
                    freeWorkers.release();
                    wakeUp();
                }
            });
        }
        return started;
    }

    void deliver(WebhookDeliveryLog.Claimed delivery) {
        Optional<WebhookEndpoints.Target> found = endpoints.target(delivery.endpointId());
        if (found.isEmpty() || !found.get().active()) {
            deliveries.release(delivery, clock.instant());
            return;
        }
        WebhookEndpoints.Target target = found.get();
        String body = delivery.payload();
        if (body == null) {
            Optional<String> rendered = payloads.render(delivery);
            if (rendered.isEmpty()) {
                log.info("Webhook delivery {}: the read side has not reached its event yet; trying again shortly",
                        delivery.id());
                deliveries.release(delivery, clock.instant().plus(NOT_RENDERABLE_YET));
                return;
            }
            body = rendered.get();
            deliveries.fixPayload(delivery, body);
        }
        WebhookSender.Outcome outcome = attempt(delivery, target, body);
        settle(delivery, outcome);
    }

    private WebhookSender.Outcome attempt(WebhookDeliveryLog.Claimed delivery, WebhookEndpoints.Target target,
                                          String body) {
        Instant now = clock.instant();
        if (production) {
            Optional<String> refused = WebhookTargets.formProblem(target.url(), true)
                    .or(() -> WebhookTargets.internalAddressProblem(target.url()));
            if (refused.isPresent()) {
                log.warn("Webhook delivery {} to endpoint {} refused: url {}", delivery.id(), target.endpointId(),
                        refused.get());
                return new WebhookSender.Outcome(now, null, 0, null, null, "refused: url " + refused.get());
            }
        }
        List<String> signing = new ArrayList<>();
        try {
            signing.add(secrets.open(target.endpointId(), target.sealedSecret()));
            if (target.previousSealedSecret() != null && target.previousValidUntil() != null
                    && target.previousValidUntil().isAfter(now)) {
                signing.add(secrets.open(target.endpointId(), target.previousSealedSecret()));
            }
        } catch (RuntimeException e) {
            log.error("Webhook delivery {}: {}", delivery.id(), e.getMessage());
            return new WebhookSender.Outcome(now, null, 0, null, null, "the endpoint's secret cannot be opened");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSignatures.headers(delivery.id(), now.getEpochSecond(), bytes, signing);
        return sender.send(target.url(), headers, bytes);
    }

    private void settle(WebhookDeliveryLog.Claimed delivery, WebhookSender.Outcome outcome) {
        WebhookDeliveryLog.Attempt attempt = new WebhookDeliveryLog.Attempt(outcome.startedAt(), outcome.status(),
                outcome.durationMs(), outcome.body(), outcome.error());
        Instant now = clock.instant();
        if (outcome.succeeded()) {
            deliveries.recordAttempt(delivery, attempt, WebhookDeliveryLog.DELIVERED, null, false);
            endpoints.succeeded(delivery.endpointId());
            return;
        }
        if (outcome.status() != null && outcome.status() == 410) {
            deliveries.recordAttempt(delivery, attempt, WebhookDeliveryLog.FAILED, null, false);
            disable(delivery.endpointId(), "gone");
            return;
        }
        Optional<Duration> wait = schedule.waitAfter(delivery.retryIndex());
        if (wait.isPresent()) {
            Duration delay = wait.get();
            if (outcome.status() != null && (outcome.status() == 429 || outcome.status() == 503)) {
                Duration asked = WebhookSender.retryAfter(outcome.retryAfter(), now);
                if (asked != null && asked.compareTo(delay) > 0) {
                    delay = asked.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : asked;
                }
            }
            deliveries.recordAttempt(delivery, attempt, WebhookDeliveryLog.PENDING, now.plus(delay), true);
        } else {
            deliveries.recordAttempt(delivery, attempt, WebhookDeliveryLog.FAILED, null, false);
            log.warn("Webhook delivery {} ({}) to endpoint {} failed for good after its last retry",
                    delivery.id(), delivery.type(), delivery.endpointId());
        }
        Instant failingSince = endpoints.failingSince(delivery.endpointId(), outcome.startedAt());
        if (!Duration.between(failingSince, now).minus(settings.disableAfter()).isNegative()) {
            disable(delivery.endpointId(), "failing");
        }
    }

    private void disable(String endpointId, String reason) {
        log.warn("Webhook endpoint {} disabled: {}", endpointId, reason.equals("gone")
                ? "it answered 410 Gone" : "every delivery failed for " + settings.disableAfter());
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new DisableWebhookEndpoint(endpointId, reason))
                    .andMetaData(ACTOR), 10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.error("Webhook endpoint {} could not be disabled; the next failure tries again", endpointId, e);
        }
    }
}
