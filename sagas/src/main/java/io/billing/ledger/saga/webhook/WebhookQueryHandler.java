package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.webhook.FindWebhookEvent;
import io.billing.ledger.api.webhook.FindWebhookSubscription;
import io.billing.ledger.api.webhook.ListWebhookSubscriptions;
import io.billing.ledger.api.webhook.WebhookEventView;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers the webhook queries from the outbox's tables, waiting (bounded) for read-your-writes. */
@Component
public class WebhookQueryHandler {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveryLog deliveries;
    private final Duration timeout;

    // @Value, not a record: billing.read-model.wait-timeout is bound and validated by the projections'
    // ReadModelSettings, which this module may not see (module rules: shared-events only)
    public WebhookQueryHandler(WebhookEndpoints endpoints, WebhookDeliveryLog deliveries,
                               @Value("${billing.read-model.wait-timeout:PT5S}") Duration timeout) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.timeout = timeout;
    }

    @QueryHandler
    public Optional<WebhookSubscriptionView> handle(FindWebhookSubscription query) {
        Optional<WebhookEndpoints.Versioned> row = query.minVersion() < 0
                ? endpoints.find(query.webhookSubscriptionId())
                : waitFor(timeout, () -> endpoints.find(query.webhookSubscriptionId())
                .filter(found -> found.version() >= query.minVersion()));
        return row.filter(found -> !found.deleted()).map(WebhookEndpoints.Versioned::view);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListWebhookSubscriptions query) {
        return endpoints.list(query.page());
    }

    @QueryHandler
    public Optional<WebhookEventView> handle(FindWebhookEvent query) {
        Duration wait = query.waitFor() == null ? Duration.ZERO : query.waitFor();
        return waitFor(wait, () -> deliveries.find(query.webhookEventId()));
    }

    private static <T> Optional<T> waitFor(Duration timeout, Supplier<Optional<T>> read) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            Optional<T> found = read.get();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
