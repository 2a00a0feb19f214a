package io.billing.ledger.saga.customer;

import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.LinkStripeCustomer;
import io.billing.ledger.saga.gateway.PaymentGateway;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;

/**
 * Keeps a customer at the payment processor for each of ours: created on {@link CustomerCreated}
 * (idempotency key: our customer id) and linked by {@code StripeCustomerLinked}; name and email
 * changes copied over. It runs on its own streaming processor, after the customer's own
 * transaction: the processor being down never fails the REST call that created the customer. A
 * failure propagates, and the processor retries the event with back-off under the same key.
 */
@Component
@ProcessingGroup(StripeCustomerSync.PROCESSING_GROUP)
@DisallowReplay // a replay would ask the processor again, long after its idempotency keys expired
public class StripeCustomerSync {

    public static final String PROCESSING_GROUP = "stripe-customer-sync";
    private static final Map<String, Object> ACTOR = Map.of("actor", "system:stripe-customer-sync");

    private final PaymentGateway gateway;
    private final ProcessorCustomers customers;
    private final CommandGateway commands;
    private final Clock clock;

    public StripeCustomerSync(PaymentGateway gateway, ProcessorCustomers customers, CommandGateway commands,
                              Clock clock) {
        this.gateway = gateway;
        this.customers = customers;
        this.commands = commands;
        this.clock = clock;
    }

    @EventHandler
    void on(CustomerCreated event) {
        String processorId = gateway.createCustomer(
                ProcessorCustomers.details(event.customerId(), event.name(), event.email()), event.customerId());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                new LinkStripeCustomer(event.customerId(), processorId, clock.instant())).andMetaData(ACTOR));
    }

    /** The key names the change (the event's sequence number), so a redelivery repeats, and a later change is new. */
    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        String processorId = customers.find(event.customerId()).map(CustomerView::stripeCustomerId)
                .orElseGet(() -> gateway.createCustomer(
                        ProcessorCustomers.details(event.customerId(), event.name(), event.email()),
                        event.customerId()));
        gateway.updateCustomer(processorId, ProcessorCustomers.details(event.customerId(), event.name(), event.email()),
                event.customerId() + ":update:" + sequence);
    }
}
