package io.billing.ledger.api.plan;

import java.util.Map;

/** The descriptive fields of a plan as they are after the change (a full snapshot, for the audit trail). */
public record PlanUpdated(String planId,
                          String name,
                          String description,
                          int trialPeriodDays,
                          Map<String, Object> metadata) {
}
