package io.billing.ledger.command.lookup;

import java.time.Instant;

/** The time a subscription lives on: the system clock, or the frozen time of its customer's test clock. */
public interface SubscriptionClocks {

    Instant now(String testClockId);
}
