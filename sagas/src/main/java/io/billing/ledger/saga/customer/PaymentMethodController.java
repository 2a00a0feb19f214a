package io.billing.ledger.saga.customer;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.AttachPaymentMethod;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.api.customer.ListPaymentMethods;
import io.billing.ledger.api.customer.PaymentMethodView;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.PaymentMethodDetails;
import io.billing.ledger.saga.gateway.PaymentMethodRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * Attaches a payment method at the processor, then records it on the customer. It lives in
 * {@code sagas}, the adapter to the outside, because the processor is reached from here alone.
 */
@RestController
@Tag(name = "Customers")
@RequiresScope(ApiKeyScope.WRITE)
public class PaymentMethodController {

    private final PaymentGateway gateway;
    private final ProcessorCustomers customers;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EventStore eventStore;
    private final Clock clock;

    public PaymentMethodController(PaymentGateway gateway, ProcessorCustomers customers, CommandGateway commands,
                                   QueryGateway queries, EventStore eventStore, Clock clock) {
        this.gateway = gateway;
        this.customers = customers;
        this.commands = commands;
        this.queries = queries;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    @PostMapping("/v1/customers/{customerId}/payment-methods")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Attach a payment method (pm_…) at the processor; by default it becomes the one invoices "
            + "are charged to", description = "An id the processor does not know is a 400. Only brand, last four "
            + "digits and expiry are kept.")
    public DataEnvelope<PaymentMethodView> attach(@PathVariable @Pattern(regexp = Ids.CUSTOMER_ID) String customerId,
                                                  @Valid @RequestBody AttachPaymentMethodRequest request) {
        // as recorded, not as the read model shows it now: a customer created a moment ago (on
        // another node, or before the projection caught up) is found, not refused with a 404
        CustomerView customer = queries.query(new FindCustomer(customerId,
                        eventStore.lastSequenceNumberFor(customerId).orElse(-1L)),
                ResponseTypes.optionalInstanceOf(CustomerView.class)).join()
                .orElseThrow(() -> new NotFoundException("Customer", customerId));
        boolean makeDefault = request.makeDefault() == null || request.makeDefault();
        PaymentMethodDetails card;
        try {
            card = gateway.attachPaymentMethod(customers.processorCustomerId(customer), request.paymentMethodId(),
                    customerId + ":attach:" + request.paymentMethodId());
        } catch (PaymentMethodRejectedException e) {
            throw new InvalidRequestException("paymentMethodId", e.code(), e.getMessage());
        }
        commands.sendAndWait(new AttachPaymentMethod(customerId, card.paymentMethodId(), card.brand(), card.last4(),
                card.expMonth(), card.expYear(), makeDefault, clock.instant()));
        // read-your-writes: the customer's payment methods and default show the attachment from now on
        CustomerView after = queries.query(new FindCustomer(customerId,
                        eventStore.lastSequenceNumberFor(customerId).orElse(-1L)),
                ResponseTypes.optionalInstanceOf(CustomerView.class)).join().orElse(customer);
        PaymentMethodView shown = queries.query(new ListPaymentMethods(customerId),
                        ResponseTypes.multipleInstancesOf(PaymentMethodView.class)).join().stream()
                .filter(method -> method.id().equals(card.paymentMethodId())).findFirst()
                .orElseGet(() -> new PaymentMethodView(card.paymentMethodId(), customerId, card.brand(), card.last4(),
                        card.expMonth(), card.expYear(), card.paymentMethodId().equals(after.defaultPaymentMethodId()),
                        clock.instant()));
        return DataEnvelope.of(shown);
    }
}
