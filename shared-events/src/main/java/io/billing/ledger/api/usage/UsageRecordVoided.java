package io.billing.ledger.api.usage;

import io.billing.ledger.api.money.BillingPeriod;

import java.time.Instant;

/**
 * A usage record no longer counts: its {@code quantity} leaves the total of {@code period},
 * which was still open (not invoiced). {@code voidedAt} is the record's time (its test clock's,
 * if any). Appended, like {@link UsageRecorded}, without an aggregate: the record is a row of
 * the usage ledger, and {@code recordId} names it.
 */
public record UsageRecordVoided(String recordId,
                                String subscriptionId,
                                long quantity,
                                BillingPeriod period,
                                String reason,
                                Instant voidedAt) {
}
