package io.billing.ledger.api.usage;

/**
 * Take a usage record out of its period's total, before the period is invoiced: the
 * compensation for usage recorded by mistake (the record and its event stay, as recorded).
 * {@code reason} is optional, for the audit trail.
 */
public record VoidUsageRecord(String recordId, String reason) {
}
