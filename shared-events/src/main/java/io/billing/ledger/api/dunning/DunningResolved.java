package io.billing.ledger.api.dunning;

import java.time.Instant;

/**
 * The case closed without exhausting (webhook type {@code dunning.resolved}); pending retries are
 * cancelled. {@code reason}: an operator's words for {@code manual}, else null.
 */
public record DunningResolved(String dunningId, String invoiceId, String subscriptionId,
                              DunningResolution resolution, String reason, Instant resolvedAt) {
}
