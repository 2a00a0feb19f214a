package io.billing.ledger.api.dunning;

import java.time.Instant;

/** An operator holds the case's timers (retries and escalations) while support talks to the customer. */
public record DunningEscalationHeld(String dunningId, Instant heldAt) {
}
