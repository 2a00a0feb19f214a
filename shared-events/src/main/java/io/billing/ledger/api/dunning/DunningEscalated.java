package io.billing.ledger.api.dunning;

import java.time.Instant;

/**
 * The case escalated (webhook type {@code dunning.escalated}) after the schedule's {@code step}-th
 * time (0: at once, on a hard or action_required decline). {@code notify} is the trigger for the
 * customer's "please update your card" message, with {@code nextActionUrl} when the customer must
 * authenticate; {@code pause} pauses the subscription; {@code cancel} cancels it and marks the
 * invoice uncollectible.
 */
public record DunningEscalated(String dunningId, String invoiceId, String subscriptionId, DunningAction action,
                               int step, String nextActionUrl, Instant escalatedAt) {
}
