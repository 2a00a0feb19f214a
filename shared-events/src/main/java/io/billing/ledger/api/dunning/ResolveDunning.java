package io.billing.ledger.api.dunning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Closes the case: the invoice was paid, paid out of band or voided (sent by the dunning process;
 * a no-op on a closed case), or {@code manual} with the operator's {@code reason} (a 409 on a closed case).
 */
public record ResolveDunning(@TargetAggregateIdentifier String dunningId, DunningResolution resolution, String reason,
                             Instant at) {
}
