package io.billing.ledger.api.dunning;

import java.time.Instant;

/**
 * The schedule's {@code step}-th time passes at {@code at} without a retry (the last decline was
 * hard, or the retries are used up): only the ladder's escalations for that step happen then.
 */
public record DunningCheckpointScheduled(String dunningId, String invoiceId, int step, Instant at,
                                         Instant scheduledAt) {
}
