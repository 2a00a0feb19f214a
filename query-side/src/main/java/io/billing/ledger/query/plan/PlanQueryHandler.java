package io.billing.ledger.query.plan;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.plan.FindPlan;
import io.billing.ledger.api.plan.FindPlanAsOf;
import io.billing.ledger.api.plan.ListPlans;
import io.billing.ledger.api.plan.PlanView;
import io.billing.ledger.projection.plan.PlanCatalog;
import io.billing.ledger.projection.plan.PlanViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class PlanQueryHandler {

    private final PlanCatalog catalog;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public PlanQueryHandler(PlanCatalog catalog, ReadModelWait readModelWait, RecordedViews recorded) {
        this.catalog = catalog;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     */
    @QueryHandler
    public Optional<PlanView> handle(FindPlan query) {
        Optional<PlanView> view = readModelWait.until(query.minVersion(), () -> catalog.find(query.planId()),
                PlanView::version);
        return view.isPresent() || query.minVersion() < 0 ? view
                : recorded.fold(query.planId(), PlanViewEvolver::apply);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListPlans query) {
        return catalog.list(query.status(), query.page());
    }

    /** Time travel: the events recorded until {@code asOf}, folded by the evolver the catalog uses. */
    @QueryHandler
    public Optional<PlanView> handle(FindPlanAsOf query) {
        return recorded.foldUntil(query.planId(), query.asOf(), PlanViewEvolver::apply);
    }
}
