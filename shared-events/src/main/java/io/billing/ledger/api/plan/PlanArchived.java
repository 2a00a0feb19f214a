package io.billing.ledger.api.plan;

public record PlanArchived(String planId) {
}
