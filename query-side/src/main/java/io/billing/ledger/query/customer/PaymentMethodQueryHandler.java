package io.billing.ledger.query.customer;

import io.billing.ledger.api.customer.ListPaymentMethods;
import io.billing.ledger.api.customer.PaymentMethodView;
import io.billing.ledger.projection.customer.CustomerDirectory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
public class PaymentMethodQueryHandler {

    private final CustomerDirectory directory;

    public PaymentMethodQueryHandler(CustomerDirectory directory) {
        this.directory = directory;
    }

    @QueryHandler
    public List<PaymentMethodView> handle(ListPaymentMethods query) {
        return directory.paymentMethods(query.customerId());
    }
}
