package io.billing.ledger.saga.webhook;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Outbound webhook settings (application.yml, README's configuration table). */
@Component
public class WebhookSettings {

    final Duration timeout;
    final RetrySchedule schedule;
    final Duration disableAfter;
    final int workers;
    final int perEndpoint;
    final Duration pollInterval;
    final boolean enabled;
    final boolean production;

    public WebhookSettings(@Value("${billing.webhooks.delivery-timeout-ms:10000}") long timeoutMs,
                           @Value("${billing.webhooks.retry-schedule:1m,5m,30m,2h,12h}") String schedule,
                           @Value("${billing.webhooks.disable-after:5d}") String disableAfter,
                           @Value("${billing.webhooks.workers:8}") int workers,
                           @Value("${billing.webhooks.per-endpoint-concurrency:2}") int perEndpoint,
                           @Value("${billing.webhooks.poll-interval:250ms}") String pollInterval,
                           @Value("${billing.webhooks.delivery-enabled:true}") boolean enabled,
                           @Value("${billing.node-env:development}") String nodeEnv) {
        this.timeout = Duration.ofMillis(timeoutMs);
        this.schedule = RetrySchedule.parse(schedule);
        this.disableAfter = RetrySchedule.duration(disableAfter);
        this.workers = Math.max(1, workers);
        this.perEndpoint = Math.max(1, perEndpoint);
        this.pollInterval = RetrySchedule.duration(pollInterval);
        this.enabled = enabled;
        this.production = "production".equals(nodeEnv);
    }
}
