package io.billing.ledger.projection.invoice;

import io.billing.ledger.api.invoice.AwaitInvoicing;
import io.billing.ledger.projection.customer.CustomerDirectoryProjection;
import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers {@link AwaitInvoicing}: first the invoicing processor reaches the store's head as it is
 * now (the invoices are drafted), then this read model and the customers' (credit balances) reach
 * the head as it is after that (the drafts and credits are shown).
 */
@Component
class InvoicingCaughtUp {

    /** The invoicing processor's group (command-side {@code InvoicingPolicy}), named here by its published name. */
    static final String INVOICING_PROCESSOR = "invoicing-policy";

    private final ProcessorCatchUp catchUp;

    InvoicingCaughtUp(ProcessorCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @QueryHandler
    Boolean handle(AwaitInvoicing query) {
        return catchUp.awaitHead(INVOICING_PROCESSOR)
                && catchUp.awaitHead(InvoiceDirectoryProjection.PROCESSING_GROUP)
                && catchUp.awaitHead(CustomerDirectoryProjection.PROCESSING_GROUP);
    }
}
