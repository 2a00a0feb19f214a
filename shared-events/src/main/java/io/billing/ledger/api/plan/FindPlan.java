package io.billing.ledger.api.plan;

/**
 * Asks for one plan. With {@code minVersion} ≥ 0 the answer waits (bounded) until the
 * read model has applied that event of the plan: read-your-writes after a command.
 */
public record FindPlan(String planId, long minVersion) {

    public static FindPlan current(String planId) {
        return new FindPlan(planId, -1);
    }
}
