package io.billing.ledger.api.customer;

/** Asks for one customer; see {@link io.billing.ledger.api.plan.FindPlan} for {@code minVersion}. */
public record FindCustomer(String customerId, long minVersion) {

    public static FindCustomer current(String customerId) {
        return new FindCustomer(customerId, -1);
    }
}
