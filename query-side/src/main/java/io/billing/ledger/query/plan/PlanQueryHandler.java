package io.billing.ledger.query.plan;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.api.plan.ListPlans;
import io.billing.ledger.api.plan.PlanView;
import io.billing.ledger.projection.plan.PlanCatalog;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class PlanQueryHandler {

    private final PlanCatalog catalog;
    private final ReadModelWait readModelWait;

    public PlanQueryHandler(PlanCatalog catalog, ReadModelWait readModelWait) {
        this.catalog = catalog;
        this.readModelWait = readModelWait;
    }

    @QueryHandler
    public Optional<PlanView> handle(FindPlan query) {
        return readModelWait.until(query.minVersion(), () -> catalog.find(query.planId()), PlanView::version);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListPlans query) {
        return catalog.list(query.status(), query.page());
    }
}
