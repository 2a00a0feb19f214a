package io.billing.ledger.query.subscription;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.subscription.FindSubscription;
import io.billing.ledger.api.subscription.FindSubscriptionAsOf;
import io.billing.ledger.api.subscription.ListSubscriptions;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.projection.subscription.SubscriptionDirectory;
import io.billing.ledger.projection.subscription.SubscriptionViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class SubscriptionQueryHandler {

    private final SubscriptionDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public SubscriptionQueryHandler(SubscriptionDirectory directory, ReadModelWait readModelWait,
                                    RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     */
    @QueryHandler
    public Optional<SubscriptionView> handle(FindSubscription query) {
        Optional<SubscriptionView> view = readModelWait.until(query.minVersion(),
                () -> directory.find(query.subscriptionId()), SubscriptionView::version);
        return view.isPresent() || query.minVersion() < 0 ? view
                : recorded.fold(query.subscriptionId(), SubscriptionViewEvolver::apply);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListSubscriptions query) {
        return directory.list(query.customerId(), query.planId(), query.status(), query.page());
    }

    /**
     * Time travel: the events recorded until {@code asOf}, folded by the same evolver the
     * directory uses. Read from sequence 0, so a snapshot (if one is ever taken) is never
     * mistaken for the start of the history.
     */
    @QueryHandler
    public Optional<SubscriptionView> handle(FindSubscriptionAsOf query) {
        return recorded.foldUntil(query.subscriptionId(), query.asOf(), SubscriptionViewEvolver::apply);
    }
}
