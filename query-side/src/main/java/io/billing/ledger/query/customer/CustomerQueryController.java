package io.billing.ledger.query.customer;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.FindCustomerAsOf;
import io.billing.ledger.api.customer.ListCustomers;
import io.billing.ledger.api.error.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@RequestMapping("/v1/customers")
@Tag(name = "Customers")
@RequiresScope(ApiKeyScope.READ)
public class CustomerQueryController {

    private final QueryGateway queries;

    public CustomerQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List customers, newest first; filter by exact email")
    @SuppressWarnings("unchecked")
    public ListEnvelope<CustomerView> list(
            @RequestParam(required = false) @Size(max = 255) String email,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<CustomerView> result = queries.query(new ListCustomers(email, new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{customerId}")
    @Operation(summary = "Retrieve a customer, now or as it was at a past instant",
            description = "With asOf the customer is rebuilt from the events recorded until that instant (by the "
                    + "customer's clock: a test clock's time for a customer on one); 404 when it did not exist yet.")
    public DataEnvelope<CustomerView> get(@PathVariable @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
                                          @Parameter(description = "ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
                                          @RequestParam(required = false) Instant asOf) {
        Object query = asOf == null ? FindCustomer.current(customerId) : new FindCustomerAsOf(customerId, asOf);
        return DataEnvelope.of(queries.query(query,
                        ResponseTypes.optionalInstanceOf(CustomerView.class)).join()
                .orElseThrow(() -> new NotFoundException("Customer", customerId)));
    }
}
