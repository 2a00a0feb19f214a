package io.billing.ledger.command.customer;

import io.billing.ledger.api.customer.CreateCustomer;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.UpdateCustomer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

class CustomerAggregateTest {

    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-000000000001";
    private static final CustomerCreated ADA =
            new CustomerCreated(CUSTOMER, "ada@example.com", "Ada", Map.of("crm", "1"), null);

    private AggregateTestFixture<CustomerAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerAggregate.class);
    }

    @Test
    void creating_a_customer_records_the_contact_details() {
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(CUSTOMER, "ada@example.com", "Ada", Map.of("crm", "1"), null))
                .expectEvents(ADA);
    }

    @Test
    void an_update_keeps_the_fields_it_does_not_name() {
        fixture.given(ADA)
                .when(new UpdateCustomer(CUSTOMER, "ada@lovelace.dev", null, null))
                .expectEvents(new CustomerUpdated(CUSTOMER, "ada@lovelace.dev", "Ada", Map.of("crm", "1")));
    }

    @Test
    void an_update_that_changes_nothing_records_nothing() {
        fixture.given(ADA)
                .when(new UpdateCustomer(CUSTOMER, "ada@example.com", "Ada", null))
                .expectNoEvents();
    }
}
