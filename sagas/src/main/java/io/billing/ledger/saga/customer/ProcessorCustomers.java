package io.billing.ledger.saga.customer;

import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.customer.FindCustomer;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.CustomerDetails;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Our customers as the processor knows them. The processor's customer is created with our
 * customer id as idempotency key, so whoever needs it before {@code StripeCustomerLinked} is
 * recorded (attaching a payment method right after creating the customer) gets the same
 * {@code cus_…} as {@link StripeCustomerSync} does. Once linked, the recorded id is used: an
 * idempotency key is only remembered by Stripe for 24 hours.
 */
@Component
public class ProcessorCustomers {

    private final PaymentGateway gateway;
    private final QueryGateway queries;

    public ProcessorCustomers(PaymentGateway gateway, QueryGateway queries) {
        this.gateway = gateway;
        this.queries = queries;
    }

    public Optional<CustomerView> find(String customerId) {
        return queries.query(FindCustomer.current(customerId), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join();
    }

    /** The customer's id at the processor: the linked one, else created (or found again) under our id. */
    public String processorCustomerId(CustomerView customer) {
        if (customer.stripeCustomerId() != null) {
            return customer.stripeCustomerId();
        }
        return gateway.createCustomer(details(customer.id(), customer.name(), customer.email()), customer.id());
    }

    static CustomerDetails details(String customerId, String name, String email) {
        return new CustomerDetails(customerId, name, email);
    }
}
