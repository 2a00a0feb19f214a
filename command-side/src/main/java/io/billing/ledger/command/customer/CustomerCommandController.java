package io.billing.ledger.command.customer;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.CreateCustomer;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.UpdateCustomer;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.command.lookup.TestClockTimesTable;
import io.billing.ledger.command.testclock.TestMode;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Optional;

@RestController
@RequestMapping("/v1/customers")
@Tag(name = "Customers")
@RequiresScope(ApiKeyScope.WRITE)
public class CustomerCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;
    private final TestMode testMode;
    private final TestClockTimesTable testClocks;

    public CustomerCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions,
                                     TestMode testMode, TestClockTimesTable testClocks) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
        this.testMode = testMode;
        this.testClocks = testClocks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a customer")
    public DataEnvelope<CustomerView> create(@Valid @RequestBody CreateCustomerRequest request) {
        if (request.testClockId() != null) {
            testMode.require(request.testClockId());
            if (!testClocks.exists(request.testClockId())) {
                throw new InvalidRequestException("testClockId", "not_found",
                        "Test clock " + request.testClockId() + " does not exist");
            }
        }
        String customerId = Ids.next(Ids.CUSTOMER);
        commands.sendAndWait(new CreateCustomer(customerId, request.email(), request.name(),
                request.metadata() == null ? Map.of() : request.metadata(), request.testClockId()));
        return DataEnvelope.of(viewAfterWrite(customerId));
    }

    @PatchMapping("/{customerId}")
    @Operation(summary = "Change a customer's email, name or metadata")
    public DataEnvelope<CustomerView> update(@PathVariable @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
                                             @Valid @RequestBody UpdateCustomerRequest request) {
        commands.sendAndWait(new UpdateCustomer(customerId, request.email(), request.name(), request.metadata()));
        return DataEnvelope.of(viewAfterWrite(customerId));
    }

    private CustomerView viewAfterWrite(String customerId) {
        Optional<CustomerView> view = queries.query(new FindCustomer(customerId, versions.of(customerId)),
                ResponseTypes.optionalInstanceOf(CustomerView.class)).join();
        return view.orElseThrow(() -> new ReadModelTimeoutException(customerId));
    }
}
