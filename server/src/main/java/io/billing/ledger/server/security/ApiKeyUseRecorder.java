package io.billing.ledger.server.security;

import io.billing.ledger.projection.apikey.ApiKeyLastUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an API key's {@code lastUsedAt} off the request's critical path: an authenticated
 * request only notes the time in memory; at most once a minute per key a write is queued to
 * one background thread. A use that falls within the minute of the last one queued is
 * coalesced into it (dropped). If the queue is full or the write fails, the use is lost:
 * this is telemetry, and never worth slowing or failing a request for.
 */
@Component
public class ApiKeyUseRecorder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUseRecorder.class);
    private static final int QUEUE_CAPACITY = 10_000;

    private final ApiKeyLastUse lastUse;
    private final Clock clock;
    private final Map<String, Instant> lastQueued = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                Thread thread = new Thread(runnable, "api-key-last-use");
                thread.setDaemon(true);
                return thread;
            });

    public ApiKeyUseRecorder(ApiKeyLastUse lastUse, Clock clock) {
        this.lastUse = lastUse;
        this.clock = clock;
    }

    /** Notes that {@code apiKeyId} authenticated a request now; returns at once. */
    public void used(String apiKeyId) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastQueued.compute(apiKeyId, (key, previous) -> {
            if (previous != null && now.isBefore(previous.plus(ApiKeyLastUse.INTERVAL))) {
                return previous;
            }
            due[0] = true;
            return now;
        });
        if (!due[0]) {
            return;
        }
        try {
            writer.execute(() -> write(apiKeyId, now));
        } catch (RejectedExecutionException e) {
            lastQueued.remove(apiKeyId, now); // the next use tries again
        }
    }

    private void write(String apiKeyId, Instant at) {
        try {
            lastUse.record(apiKeyId, at);
        } catch (DataAccessException e) {
            lastQueued.remove(apiKeyId, at);
            log.warn("Could not record the last use of API key {}: {}", apiKeyId, e.getMostSpecificCause().getMessage());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
