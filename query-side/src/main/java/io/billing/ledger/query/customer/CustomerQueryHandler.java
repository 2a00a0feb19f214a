package io.billing.ledger.query.customer;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.ListCustomers;
import io.billing.ledger.projection.customer.CustomerDirectory;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class CustomerQueryHandler {

    private final CustomerDirectory directory;
    private final ReadModelWait readModelWait;

    public CustomerQueryHandler(CustomerDirectory directory, ReadModelWait readModelWait) {
        this.directory = directory;
        this.readModelWait = readModelWait;
    }

    @QueryHandler
    public Optional<CustomerView> handle(FindCustomer query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.customerId()),
                CustomerView::version);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListCustomers query) {
        return directory.list(query.email(), query.page());
    }
}
