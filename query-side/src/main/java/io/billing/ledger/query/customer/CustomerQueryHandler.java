package io.billing.ledger.query.customer;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.FindCustomerAsOf;
import io.billing.ledger.api.customer.ListCustomers;
import io.billing.ledger.projection.customer.CustomerDirectory;
import io.billing.ledger.projection.customer.CustomerViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class CustomerQueryHandler {

    private final CustomerDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public CustomerQueryHandler(CustomerDirectory directory, ReadModelWait readModelWait, RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     */
    @QueryHandler
    public Optional<CustomerView> handle(FindCustomer query) {
        Optional<CustomerView> view = readModelWait.until(query.minVersion(), () -> directory.find(query.customerId()),
                CustomerView::version);
        return view.isPresent() || query.minVersion() < 0 ? view
                : recorded.fold(query.customerId(), CustomerViewEvolver::apply);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListCustomers query) {
        return directory.list(query.email(), query.page());
    }

    /** Time travel: the events recorded until {@code asOf} (the customer's clock), folded by the directory's evolver. */
    @QueryHandler
    public Optional<CustomerView> handle(FindCustomerAsOf query) {
        return recorded.foldUntil(query.customerId(), query.asOf(), CustomerViewEvolver::apply);
    }
}
