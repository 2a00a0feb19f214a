package io.billing.ledger.saga.webhook;

import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookEventIds;
import io.billing.ledger.api.webhook.WebhookEventTypes;
import io.billing.ledger.api.webhook.WebhookTestRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The event store is the outbox: this pooled processor turns each event into one delivery
 * row per matching active endpoint, in the transaction that also moves its token, so a crash
 * loses no delivery and repeats none (the rows' ids are named by event and endpoint, inserted
 * {@code ON CONFLICT DO NOTHING}). It does no I/O beyond its own tables: rendering and sending
 * are the workers' ({@link WebhookDeliveryWorkers}), so a slow endpoint never holds it back.
 * <p>
 * It also folds the endpoints' own events into {@code webhook_endpoints}, in stream order, so
 * an endpoint receives exactly the events recorded after it was registered. Not replayable:
 * replaying would queue the past again.
 */
@Component
@DisallowReplay
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
public class WebhookOutbox {

    public static final String PROCESSING_GROUP = "webhook-outbox";

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveryLog deliveries;

    public WebhookOutbox(WebhookEndpoints endpoints, WebhookDeliveryLog deliveries) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        String aggregateId = message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : 0;
        foldEndpoint(payload, sequence, at);
        WebhookEventMapping.of(payload.getClass()).ifPresent(mapping -> {
            List<String> targets = payload instanceof WebhookTestRequested test
                    ? List.of(test.endpointId()) // a test goes to its endpoint only, whatever types it asked for
                    : endpoints.activeSubscribers().stream()
                    .filter(subscriber -> WebhookEventTypes.matches(subscriber.eventTypes(), mapping.type()))
                    .map(WebhookEndpoints.Subscriber::endpointId)
                    .toList();
            String eventName = aggregateId != null ? aggregateId : message.getIdentifier();
            Long position = message instanceof TrackedEventMessage<?> tracked
                    ? tracked.trackingToken().position().stream().boxed().findFirst().orElse(null) : null;
            for (String endpointId : targets) {
                deliveries.enqueue(new WebhookDeliveryLog.NewDelivery(
                        WebhookEventIds.of(endpointId, eventName, sequence), endpointId, mapping.type(),
                        mapping.resource(), mapping.resourceId().apply(payload), sequence, at, position));
            }
        });
    }

    private void foldEndpoint(Object payload, long version, Instant at) {
        if (payload instanceof WebhookEndpointRegistered event) {
            endpoints.on(event, version, at);
        } else if (payload instanceof WebhookEndpointUpdated event) {
            endpoints.on(event, version, at);
        } else if (payload instanceof WebhookEndpointSecretRotated event) {
            endpoints.on(event, version, at);
        } else if (payload instanceof WebhookEndpointDisabled event) {
            endpoints.on(event, version, at);
        } else if (payload instanceof WebhookEndpointDeleted event) {
            endpoints.on(event, version, at);
            deliveries.endpointDeleted(event.endpointId(), at);
        }
    }
}
