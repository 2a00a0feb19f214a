package io.billing.ledger.api.subscription;

/** Asks for one subscription; see {@link io.billing.ledger.api.plan.FindPlan} for {@code minVersion}. */
public record FindSubscription(String subscriptionId, long minVersion) {

    public static FindSubscription current(String subscriptionId) {
        return new FindSubscription(subscriptionId, -1);
    }
}
