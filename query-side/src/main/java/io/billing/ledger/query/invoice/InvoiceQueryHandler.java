package io.billing.ledger.query.invoice;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.invoice.FindInvoice;
import io.billing.ledger.api.invoice.FindInvoiceAsOf;
import io.billing.ledger.api.invoice.InvoiceView;
import io.billing.ledger.api.invoice.ListInvoices;
import io.billing.ledger.projection.customer.CustomerViewEvolver;
import io.billing.ledger.projection.invoice.InvoiceDirectory;
import io.billing.ledger.projection.invoice.InvoiceViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class InvoiceQueryHandler {

    private final InvoiceDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public InvoiceQueryHandler(InvoiceDirectory directory, ReadModelWait readModelWait, RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     * Invoice events do not name the customer: the folded invoice shows the customer as they are now.
     */
    @QueryHandler
    public Optional<InvoiceView> handle(FindInvoice query) {
        Optional<InvoiceView> view = readModelWait.until(query.minVersion(), () -> directory.find(query.invoiceId()),
                InvoiceView::version);
        if (view.isPresent() || query.minVersion() < 0) {
            return view;
        }
        return recorded.fold(query.invoiceId(), InvoiceViewEvolver::apply).map(invoice -> recorded
                .fold(invoice.customerId(), CustomerViewEvolver::apply)
                .map(customer -> InvoiceViewEvolver.withCustomer(invoice, customer.name(), customer.email()))
                .orElse(invoice));
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListInvoices query) {
        return directory.list(query.subscriptionId(), query.customerId(), query.status(), query.from(), query.to(),
                query.page());
    }

    /**
     * Time travel: the invoice's events recorded until {@code asOf} (its clock), folded by the
     * directory's evolver, with the customer's name and email as they were then.
     */
    @QueryHandler
    public Optional<InvoiceView> handle(FindInvoiceAsOf query) {
        return recorded.foldUntil(query.invoiceId(), query.asOf(), InvoiceViewEvolver::apply).map(invoice -> recorded
                .foldUntil(invoice.customerId(), query.asOf(), CustomerViewEvolver::apply)
                .map(customer -> InvoiceViewEvolver.withCustomer(invoice, customer.name(), customer.email()))
                .orElse(invoice));
    }
}
