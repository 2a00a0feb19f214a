package io.billing.ledger.command.customer;

import io.billing.ledger.api.customer.CreateCustomer;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.UpdateCustomer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Someone who is billed: contact details, and (later) the link to their Stripe customer. */
@Aggregate
public class CustomerAggregate {

    @AggregateIdentifier
    private String customerId;
    private String email;
    private String name;
    private Map<String, Object> metadata;

    protected CustomerAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public CustomerAggregate(CreateCustomer command) {
        apply(new CustomerCreated(command.customerId(), command.email(), command.name(), command.metadata(),
                command.testClockId()));
    }

    @CommandHandler
    public void handle(UpdateCustomer command) {
        String newEmail = command.email() != null ? command.email() : email;
        String newName = command.name() != null ? command.name() : name;
        Map<String, Object> newMetadata = command.metadata() != null ? command.metadata() : metadata;
        if (Objects.equals(newEmail, email) && Objects.equals(newName, name)
                && Objects.equals(newMetadata, metadata)) {
            return; // nothing changes, so nothing goes on the record
        }
        apply(new CustomerUpdated(customerId, newEmail, newName, newMetadata));
    }

    @EventSourcingHandler
    void on(CustomerCreated event) {
        customerId = event.customerId();
        email = event.email();
        name = event.name();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(CustomerUpdated event) {
        email = event.email();
        name = event.name();
        metadata = event.metadata();
    }
}
