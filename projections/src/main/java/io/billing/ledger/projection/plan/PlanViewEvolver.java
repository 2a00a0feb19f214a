package io.billing.ledger.projection.plan;

import io.billing.ledger.api.plan.PlanArchived;
import io.billing.ledger.api.plan.PlanCreated;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PlanUpdated;
import io.billing.ledger.api.plan.PlanView;

import java.time.Instant;

/**
 * How one event changes a plan as the API shows it, computed from the events alone: what
 * {@link PlanCatalogProjection} writes, for the answer to a write whose read model has not
 * caught up yet (the resource as the command produced it).
 */
public final class PlanViewEvolver {

    private PlanViewEvolver() {
    }

    public static PlanView apply(PlanView v, Object event, Instant at, long version) {
        if (event instanceof PlanCreated e) {
            return new PlanView(e.planId(), e.name(), e.description(), e.pricingModel(), e.price().amount(),
                    e.price().currency(), e.billingInterval(), e.trialPeriodDays(), PlanStatus.ACTIVE, e.metadata(),
                    at, at, version);
        }
        if (v == null) {
            return null;
        }
        if (event instanceof PlanUpdated e) {
            return new PlanView(v.id(), e.name(), e.description(), v.pricingModel(), v.amountCents(), v.currency(),
                    v.billingInterval(), e.trialPeriodDays(), v.status(), e.metadata(), v.createdAt(), at, version);
        }
        if (event instanceof PlanArchived) {
            return new PlanView(v.id(), v.name(), v.description(), v.pricingModel(), v.amountCents(), v.currency(),
                    v.billingInterval(), v.trialPeriodDays(), PlanStatus.ARCHIVED, v.metadata(), v.createdAt(), at,
                    version);
        }
        return v;
    }
}
