package io.billing.ledger.query.payment;

import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.payment.FindPayment;
import io.billing.ledger.api.payment.FindPaymentAsOf;
import io.billing.ledger.api.payment.ListPayments;
import io.billing.ledger.api.payment.PaymentView;
import io.billing.ledger.projection.payment.PaymentDirectory;
import io.billing.ledger.projection.payment.PaymentViewEvolver;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class PaymentQueryHandler {

    private final PaymentDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public PaymentQueryHandler(PaymentDirectory directory, ReadModelWait readModelWait, RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    @QueryHandler
    public Optional<PaymentView> handle(FindPayment query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.paymentId()), PaymentView::version);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListPayments query) {
        return directory.list(query.invoiceId(), query.customerId(), query.status(), query.page());
    }

    /** Time travel: the events recorded until {@code asOf} (the payment's clock), folded by the directory's evolver. */
    @QueryHandler
    public Optional<PaymentView> handle(FindPaymentAsOf query) {
        return recorded.foldUntil(query.paymentId(), query.asOf(), PaymentViewEvolver::apply);
    }
}
