package io.billing.ledger.api.webhook;

import io.billing.ledger.api.common.PageRequest;

/** Lists webhook endpoints (deleted ones are gone), newest first. */
public record ListWebhookSubscriptions(PageRequest page) {
}
