package io.billing.ledger.projection.webhook;

import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookSubscriptionView;

import java.time.Instant;
import java.util.List;

/**
 * How one event changes a webhook subscription as the API shows it, computed from the events
 * alone: the same steps as the webhook outbox's {@code webhook_endpoints} (module sagas), without
 * the sealed secrets, which the view never carries. A deleted subscription is no longer shown
 * (null), as {@code GET /v1/webhook-subscriptions/{id}} then answers 404.
 */
public final class WebhookSubscriptionViewEvolver {

    private WebhookSubscriptionViewEvolver() {
    }

    public static WebhookSubscriptionView apply(WebhookSubscriptionView v, Object event, Instant at, long version) {
        if (event instanceof WebhookEndpointRegistered e) {
            return new WebhookSubscriptionView(e.endpointId(), e.url(), List.copyOf(e.eventTypes()), true,
                    e.description(), at, at);
        }
        if (v == null) {
            return null;
        }
        if (event instanceof WebhookEndpointUpdated e) {
            return new WebhookSubscriptionView(v.id(), e.url(), List.copyOf(e.eventTypes()), e.active(),
                    e.description(), v.createdAt(), at);
        }
        if (event instanceof WebhookEndpointSecretRotated) {
            return new WebhookSubscriptionView(v.id(), v.url(), v.eventTypes(), v.isActive(), v.description(),
                    v.createdAt(), at);
        }
        if (event instanceof WebhookEndpointDisabled) {
            return new WebhookSubscriptionView(v.id(), v.url(), v.eventTypes(), false, v.description(),
                    v.createdAt(), at);
        }
        if (event instanceof WebhookEndpointDeleted) {
            return null;
        }
        return v;
    }
}
