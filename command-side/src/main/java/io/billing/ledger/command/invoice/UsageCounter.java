package io.billing.ledger.command.invoice;

import java.time.Instant;

/** The exact usage of a period, counted while late records for it are held off (finalization closes it). */
public interface UsageCounter {

    long lockAndCount(String subscriptionId, Instant periodStart);
}
