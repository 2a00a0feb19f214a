package io.billing.ledger.api.dunning;

import java.time.Instant;

/** The case's timers run again; a step whose time passed while held is scheduled at once. */
public record DunningEscalationResumed(String dunningId, Instant resumedAt) {
}
