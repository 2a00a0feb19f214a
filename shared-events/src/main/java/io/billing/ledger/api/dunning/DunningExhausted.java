package io.billing.ledger.api.dunning;

import java.time.Instant;

/** The ladder ran out without payment: the case is closed, the invoice left to the escalation's end (uncollectible on cancel). */
public record DunningExhausted(String dunningId, String invoiceId, String subscriptionId, int retryCount,
                               Instant exhaustedAt) {
}
