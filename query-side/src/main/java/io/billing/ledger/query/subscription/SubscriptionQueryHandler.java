package io.billing.ledger.query.subscription;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.subscription.FindSubscription;
import io.billing.ledger.api.subscription.FindSubscriptionAsOf;
import io.billing.ledger.api.subscription.ListSubscriptions;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.projection.subscription.SubscriptionDirectory;
import io.billing.ledger.projection.subscription.SubscriptionViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

@Component
public class SubscriptionQueryHandler {

    private final SubscriptionDirectory directory;
    private final ReadModelWait readModelWait;
    private final EventStore eventStore;

    public SubscriptionQueryHandler(SubscriptionDirectory directory, ReadModelWait readModelWait,
                                    EventStore eventStore) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.eventStore = eventStore;
    }

    @QueryHandler
    public Optional<SubscriptionView> handle(FindSubscription query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.subscriptionId()),
                SubscriptionView::version);
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
        SubscriptionView view = null;
        try (Stream<? extends DomainEventMessage<?>> events =
                     eventStore.readEvents(query.subscriptionId(), 0).asStream()) {
            Iterator<? extends DomainEventMessage<?>> recorded = events.iterator();
            while (recorded.hasNext()) {
                DomainEventMessage<?> event = recorded.next();
                if (event.getTimestamp().isAfter(query.asOf())) {
                    break; // an aggregate's events are recorded in order
                }
                view = SubscriptionViewEvolver.apply(view, event.getPayload(), event.getTimestamp(),
                        event.getSequenceNumber());
            }
        }
        return Optional.ofNullable(view);
    }
}
