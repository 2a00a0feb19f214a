package io.billing.ledger.api.plan;

import io.billing.ledger.api.common.PageRequest;

/** Lists plans, newest first; {@code status} may be null for all. */
public record ListPlans(PlanStatus status, PageRequest page) {
}
