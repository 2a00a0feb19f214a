package io.billing.ledger.command.customer;

import io.billing.ledger.api.customer.AttachPaymentMethod;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.DefaultPaymentMethodSet;
import io.billing.ledger.api.customer.LinkStripeCustomer;
import io.billing.ledger.api.customer.PaymentMethodAttached;
import io.billing.ledger.api.customer.StripeCustomerLinked;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

/** The customer's link to the processor and its payment methods (issue 11). */
class CustomerPaymentMethodsTest {

    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-000000000009";
    private static final Instant AT = Instant.parse("2026-04-11T00:00:00Z");
    private static final Instant CLOCK_NOW = Instant.parse("2031-01-01T00:00:00Z");
    private static final CustomerCreated CREATED = new CustomerCreated(CUSTOMER, "ada@example.com", "Ada", Map.of(), null);
    private static final PaymentMethodAttached VISA = new PaymentMethodAttached(CUSTOMER, "pm_card_visa", "visa", "4242",
            12, 2029, AT);

    private AggregateTestFixture<CustomerAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerAggregate.class);
        fixture.registerInjectableResource((SubscriptionClocks) clock -> CLOCK_NOW);
    }

    @Test
    void a_customer_on_a_test_clock_attaches_at_the_clocks_time() {
        CustomerCreated onClock = new CustomerCreated(CUSTOMER, "ada@example.com", "Ada", Map.of(), "clk_1");
        fixture.given(onClock).when(attachVisa(false))
                .expectEvents(new PaymentMethodAttached(CUSTOMER, "pm_card_visa", "visa", "4242", 12, 2029, CLOCK_NOW));
    }

    private static AttachPaymentMethod attachVisa(boolean makeDefault) {
        return new AttachPaymentMethod(CUSTOMER, "pm_card_visa", "visa", "4242", 12, 2029, makeDefault, AT);
    }

    @Test
    void linking_the_processor_customer_again_changes_nothing() {
        fixture.given(CREATED).when(new LinkStripeCustomer(CUSTOMER, "cus_1", AT))
                .expectEvents(new StripeCustomerLinked(CUSTOMER, "cus_1", AT));
        fixture.given(CREATED, new StripeCustomerLinked(CUSTOMER, "cus_1", AT))
                .when(new LinkStripeCustomer(CUSTOMER, "cus_1", AT)).expectNoEvents();
    }

    @Test
    void attaching_makes_the_default_when_asked_and_attaching_again_changes_nothing() {
        fixture.given(CREATED).when(attachVisa(true))
                .expectEvents(VISA, new DefaultPaymentMethodSet(CUSTOMER, "pm_card_visa", AT));
        fixture.given(CREATED).when(attachVisa(false)).expectEvents(VISA);
        fixture.given(CREATED, VISA, new DefaultPaymentMethodSet(CUSTOMER, "pm_card_visa", AT))
                .when(attachVisa(true)).expectNoEvents();
        fixture.given(CREATED, VISA).when(attachVisa(true))
                .expectEvents(new DefaultPaymentMethodSet(CUSTOMER, "pm_card_visa", AT));
    }
}
