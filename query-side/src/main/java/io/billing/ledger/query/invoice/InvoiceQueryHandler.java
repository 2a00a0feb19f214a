package io.billing.ledger.query.invoice;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.invoice.FindInvoice;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.ListInvoices;
import io.billing.ledger.projection.invoice.InvoiceDirectory;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class InvoiceQueryHandler {

    private final InvoiceDirectory directory;
    private final ReadModelWait readModelWait;

    public InvoiceQueryHandler(InvoiceDirectory directory, ReadModelWait readModelWait) {
        this.directory = directory;
        this.readModelWait = readModelWait;
    }

    @QueryHandler
    public Optional<InvoiceView> handle(FindInvoice query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.invoiceId()),
                InvoiceView::version);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListInvoices query) {
        return directory.list(query.subscriptionId(), query.customerId(), query.status(), query.from(), query.to(),
                query.page());
    }
}
