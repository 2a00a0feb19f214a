package io.billing.ledger.api.dunning;

/** One rung of the ladder: {@code action} after the {@code afterStep}-th retry time has passed without payment. */
public record Escalation(DunningAction action, int afterStep) {
}
