package io.billing.ledger.query.metrics;

import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.projection.metrics.MrrChange;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every subscription of a currency stood at one instant: the last change of each that took
 * effect at or before it (time travel over the timeline).
 */
record RevenueSnapshot(Map<String, MrrChange> bySubscription) {

    /** {@code changes} in the order they took effect. */
    static RevenueSnapshot at(List<MrrChange> changes, Instant instant) {
        Map<String, MrrChange> last = new LinkedHashMap<>();
        for (MrrChange change : changes) {
            if (change.at().isAfter(instant)) {
                break;
            }
            last.put(change.subscriptionId(), change);
        }
        return new RevenueSnapshot(last);
    }

    /** Each customer's MRR (a customer whose subscriptions all count nothing has 0). */
    Map<String, Long> mrrByCustomer() {
        Map<String, Long> customers = new LinkedHashMap<>();
        bySubscription.values().forEach(change ->
                customers.merge(change.customerId(), change.mrrCents(), Math::addExact));
        return customers;
    }

    /** The customers that still have a subscription that is not canceled (trialing, active, past due or paused). */
    Set<String> customersWithLiveSubscriptions() {
        Set<String> customers = new HashSet<>();
        bySubscription.values().forEach(change -> {
            if (change.status() != SubscriptionStatus.CANCELED) {
                customers.add(change.customerId());
            }
        });
        return customers;
    }
}
