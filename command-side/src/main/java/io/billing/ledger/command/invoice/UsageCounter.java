package io.billing.ledger.command.invoice;

import java.time.Instant;

/**
 * The exact usage of a period, as invoicing needs it. The usage package implements it, so the
 * dependency runs one way (usage → invoice) and the packages form no cycle.
 */
public interface UsageCounter {

    /** The period's usage so far (a renewal's draft; finalization recounts). */
    long count(String subscriptionId, Instant periodStart);

    /** The period's usage, counted while late records for it are held off (finalization closes it). */
    long lockAndCount(String subscriptionId, Instant periodStart);
}
