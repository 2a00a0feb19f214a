package io.billing.ledger.api.webhook;

/** Asks for one webhook endpoint; see {@link io.billing.ledger.api.plan.FindPlan} for {@code minVersion}. */
public record FindWebhookSubscription(String webhookSubscriptionId, long minVersion) {
}
