package io.billing.ledger.query.customer;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.ListPaymentMethods;
import io.billing.ledger.api.customer.PaymentMethodView;
import io.billing.ledger.api.error.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Customers")
@RequiresScope(ApiKeyScope.READ)
public class PaymentMethodQueryController {

    private final QueryGateway queries;

    public PaymentMethodQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/customers/{customerId}/payment-methods")
    @Operation(summary = "A customer's payment methods, oldest first: brand, last four digits, expiry and the default flag")
    public DataEnvelope<List<PaymentMethodView>> list(
            @PathVariable @Pattern(regexp = Ids.CUSTOMER_ID) String customerId) {
        queries.query(FindCustomer.current(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class)).join()
                .orElseThrow(() -> new NotFoundException("Customer", customerId));
        return DataEnvelope.of(queries.query(new ListPaymentMethods(customerId),
                ResponseTypes.multipleInstancesOf(PaymentMethodView.class)).join());
    }
}
