package io.billing.ledger.query.dunning;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.dunning.DunningCaseView;
import io.billing.ledger.api.dunning.FindDunningCase;
import io.billing.ledger.api.dunning.FindDunningCaseAsOf;
import io.billing.ledger.api.dunning.ListDunningCases;
import io.billing.ledger.projection.dunning.DunningCaseDirectory;
import io.billing.ledger.projection.dunning.DunningCaseViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class DunningQueryHandler {

    private final DunningCaseDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public DunningQueryHandler(DunningCaseDirectory directory, ReadModelWait readModelWait, RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    @QueryHandler
    public Optional<DunningCaseView> handle(FindDunningCase query) {
        if (query.dunningId() == null) {
            return directory.findByInvoice(query.invoiceId());
        }
        return readModelWait.until(query.minVersion(), () -> directory.find(query.dunningId()), DunningCaseView::version);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListDunningCases query) {
        return directory.list(query.status(), query.subscriptionId(), query.customerId(), query.page());
    }

    /** Time travel: the events recorded until {@code asOf} (the case's clock), folded by the directory's evolver. */
    @QueryHandler
    public Optional<DunningCaseView> handle(FindDunningCaseAsOf query) {
        return recorded.foldUntil(query.dunningId(), query.asOf(), DunningCaseViewEvolver::apply);
    }
}
