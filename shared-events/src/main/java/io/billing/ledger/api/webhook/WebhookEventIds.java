package io.billing.ledger.api.webhook;

import io.billing.ledger.api.common.Ids;

/**
 * The {@code evt_} id of one delivery: named by the domain event (its aggregate and sequence
 * number) and the endpoint, so it is the same on every retry, redelivery, replay and node,
 * and consumers can deduplicate on it.
 */
public final class WebhookEventIds {

    private WebhookEventIds() {
    }

    public static String of(String endpointId, String aggregateId, long sequence) {
        return Ids.derived(Ids.EVENT, endpointId + "/" + aggregateId, sequence);
    }
}
